import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { s3 } from "@/lib/s3/client";
import { GiB, planCopyParts, S3_MAX_SINGLE_COPY_BYTES } from "./part-plan";
import { runLimited } from "./run-limited";

/** An object, or (with `versionId`) one of its versions as a copy source. */
export type ObjectRef = { bucket: string; key: string; versionId?: string };

/** The x-amz-copy-source value: bucket and key, each path segment URL-encoded as S3 requires, and the version if any. */
export function copySource({ bucket, key, versionId }: ObjectRef): string {
  const path = `${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
  return versionId === undefined ? path : `${path}?versionId=${encodeURIComponent(versionId)}`;
}

export type CopyOptions = {
  /** Objects larger than this are copied part by part. S3's own limit for one CopyObject is 5 GiB. */
  multipartAbove?: number;
  partSize?: number;
  concurrency?: number;
  /** The source's size when a listing already gave it. */
  knownSize?: number;
};

async function copyInOneRequest(source: ObjectRef, destination: ObjectRef): Promise<{ multipart: false; versionId: string | null }> {
  const out = await s3().send(
    new CopyObjectCommand({ Bucket: destination.bucket, Key: destination.key, CopySource: copySource(source), MetadataDirective: "COPY" }),
  );
  return { multipart: false, versionId: out.VersionId ?? null };
}

/**
 * Server-side copy: the bytes stay in the store. Up to 5 GiB in one CopyObject; beyond, a multipart
 * upload whose parts are UploadPartCopy ranges of the source (aborted if any part fails, so no orphan parts).
 */
export async function copyObject(
  source: ObjectRef,
  destination: ObjectRef,
  options: CopyOptions = {},
): Promise<{ multipart: boolean; versionId: string | null }> {
  const single = options.multipartAbove ?? S3_MAX_SINGLE_COPY_BYTES;
  // A size the caller already knows from a listing saves a HEAD per object (half the requests of a bulk copy).
  if (options.knownSize !== undefined && options.knownSize <= single) return copyInOneRequest(source, destination);
  const head = await s3().send(new HeadObjectCommand({ Bucket: source.bucket, Key: source.key, VersionId: source.versionId }));
  const size = head.ContentLength ?? 0;
  if (size <= single) return copyInOneRequest(source, destination);

  const created = await s3().send(
    new CreateMultipartUploadCommand({
      Bucket: destination.bucket,
      Key: destination.key,
      ContentType: head.ContentType,
      ContentDisposition: head.ContentDisposition,
      ContentEncoding: head.ContentEncoding,
      CacheControl: head.CacheControl,
      Metadata: head.Metadata,
    }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error("CreateMultipartUpload answered without an UploadId");
  try {
    const parts = await runLimited(planCopyParts(size, options.partSize ?? GiB), options.concurrency ?? 4, async (part) => {
      const out = await s3().send(
        new UploadPartCopyCommand({
          Bucket: destination.bucket,
          Key: destination.key,
          UploadId: uploadId,
          PartNumber: part.partNumber,
          CopySource: copySource(source),
          CopySourceRange: part.range,
          // The source must not change half-way through the copy.
          CopySourceIfMatch: head.ETag,
        }),
      );
      return { PartNumber: part.partNumber, ETag: out.CopyPartResult?.ETag };
    });
    const out = await s3().send(
      new CompleteMultipartUploadCommand({ Bucket: destination.bucket, Key: destination.key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
    );
    return { multipart: true, versionId: out.VersionId ?? null };
  } catch (error) {
    await s3()
      .send(new AbortMultipartUploadCommand({ Bucket: destination.bucket, Key: destination.key, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
}
