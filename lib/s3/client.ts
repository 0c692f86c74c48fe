import { S3Client } from "@aws-sdk/client-s3";
import { env } from "@/lib/config/env";
import { guardBucketNames } from "./bucket-guard";

const holder = globalThis as unknown as { strataS3?: S3Client; strataS3Public?: S3Client };

function create(endpoint: string): S3Client {
  const { S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE } = env();
  return guardBucketNames(new S3Client({
    endpoint,
    region: S3_REGION,
    forcePathStyle: S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET_ACCESS_KEY },
    // Only compute checksums when an operation requires them: several S3-compatible stores reject the
    // newer default CRC32 trailers, and presigned URLs must not demand them from the browser.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  }));
}

/** The client the server uses to talk to S3. */
export function s3(): S3Client {
  holder.strataS3 ??= create(env().S3_ENDPOINT);
  return holder.strataS3;
}

/**
 * The client used only to presign URLs for browsers: its endpoint is the address browsers can reach
 * (S3_PUBLIC_ENDPOINT), which behind an ingress differs from the in-cluster one.
 */
export function s3ForPresigning(): S3Client {
  const { S3_PUBLIC_ENDPOINT, S3_ENDPOINT } = env();
  if (!S3_PUBLIC_ENDPOINT || S3_PUBLIC_ENDPOINT === S3_ENDPOINT) return s3();
  holder.strataS3Public ??= create(S3_PUBLIC_ENDPOINT);
  return holder.strataS3Public;
}
