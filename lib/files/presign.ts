import { GetObjectCommand, PutObjectCommand, UploadPartCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { env } from "@/lib/config/env";
import { s3ForPresigning } from "@/lib/s3/client";
import { contentDisposition } from "./content-disposition";
import { baseName } from "./names";

export type PresignedUrl = { url: string; expiresAt: string };

function expiry(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

/**
 * A short-lived GET for a browser. `attachment` makes it a download under the object's own name;
 * `inline` lets the browser show it (previews), always with `responseContentType` forcing what it is shown as.
 */
export async function presignDownload(
  bucket: string,
  key: string,
  options: { disposition?: "attachment" | "inline"; filename?: string; expiresIn?: number; responseContentType?: string; versionId?: string } = {},
): Promise<PresignedUrl> {
  const expiresIn = options.expiresIn ?? env().FILES_DOWNLOAD_URL_EXPIRY_SECONDS;
  const url = await getSignedUrl(
    s3ForPresigning(),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      VersionId: options.versionId,
      ResponseContentDisposition: contentDisposition(options.disposition ?? "attachment", options.filename ?? baseName(key)),
      ...(options.responseContentType ? { ResponseContentType: options.responseContentType } : {}),
    }),
    { expiresIn },
  );
  return { url, expiresAt: expiry(expiresIn) };
}

// The presigner leaves content-type out of the signature by default; naming it (and content-length) here
// makes S3 refuse a PUT whose type or size differs from what the server checked.
const BOUND_HEADERS = new Set(["content-type", "content-length"]);

/** A single PUT bound to the content type and exact length the server approved. */
export async function presignPut(bucket: string, key: string, contentType: string, size: number): Promise<PresignedUrl> {
  const expiresIn = env().FILES_UPLOAD_URL_EXPIRY_SECONDS;
  const url = await getSignedUrl(
    s3ForPresigning(),
    new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size }),
    { expiresIn, signableHeaders: BOUND_HEADERS },
  );
  return { url, expiresAt: expiry(expiresIn) };
}

/** One part of a multipart upload, bound to that part's exact length. */
export async function presignPart(bucket: string, key: string, uploadId: string, partNumber: number, length: number): Promise<string> {
  return getSignedUrl(
    s3ForPresigning(),
    new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: length }),
    { expiresIn: env().FILES_UPLOAD_URL_EXPIRY_SECONDS, signableHeaders: new Set(["content-length"]) },
  );
}
