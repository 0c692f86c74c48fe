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

export type ObjectRef = { bucket: string; key: string };

/** The x-amz-copy-source value: bucket and key, each path segment URL-encoded as S3 requires. */
export function copySource({ bucket, key }: ObjectRef): string {
  return `${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
}

export type CopyOptions = {
  /** Objects larger than this are copied part by part. S3's own limit for one CopyObject is 5 GiB. */
  multipartAbove?: number;
  partSize?: number;
  concurrency?: number;
};

/**
 * Server-side copy: the bytes stay in the store. Up to 5 GiB in one CopyObject; beyond, a multipart
 * upload whose parts are UploadPartCopy ranges of the source (aborted if any part fails, so no orphan parts).
 */
export async function copyObject(source: ObjectRef, destination: ObjectRef, options: CopyOptions = {}): Promise<{ multipart: boolean }> {
  const head = await s3().send(new HeadObjectCommand({ Bucket: source.bucket, Key: source.key }));
  const size = head.ContentLength ?? 0;
  if (size <= (options.multipartAbove ?? S3_MAX_SINGLE_COPY_BYTES)) {
    await s3().send(
      new CopyObjectCommand({ Bucket: destination.bucket, Key: destination.key, CopySource: copySource(source), MetadataDirective: "COPY" }),
    );
    return { multipart: false };
  }

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
    await s3().send(
      new CompleteMultipartUploadCommand({ Bucket: destination.bucket, Key: destination.key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
    );
  } catch (error) {
    await s3()
      .send(new AbortMultipartUploadCommand({ Bucket: destination.bucket, Key: destination.key, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
  return { multipart: true };
}
