import { PutBucketCorsCommand, type CORSConfiguration } from "@aws-sdk/client-s3";
import { env } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";
import { s3 } from "@/lib/s3/client";
import { s3ErrorCode } from "./s3-errors";

/**
 * What browsers need to PUT and GET straight to a bucket from the console's origin: the methods, any
 * request header (content-type, the signed ones), and ETag readable by script (multipart completion needs it).
 */
export function bucketCorsConfiguration(appUrl: string): CORSConfiguration {
  return {
    CORSRules: [
      {
        AllowedOrigins: [new URL(appUrl).origin],
        AllowedMethods: ["GET", "HEAD", "PUT"],
        AllowedHeaders: ["*"],
        ExposeHeaders: ["ETag", "Content-Length", "Content-Type"],
        MaxAgeSeconds: 3600,
      },
    ],
  };
}

// Said once per process: the answer is the same for every bucket of a store.
let warned = false;

/**
 * Applies the console's CORS rule to a bucket. A store without per-bucket CORS (some answer NotImplemented)
 * is left to its global CORS setting, which docs/files.md describes; that is logged, not fatal.
 */
export async function applyBucketCors(bucket: string): Promise<boolean> {
  if (!env().FILES_BUCKET_CORS) return false;
  try {
    await s3().send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: bucketCorsConfiguration(env().APP_URL) }));
    return true;
  } catch (error) {
    const code = s3ErrorCode(error);
    if (code === "NotImplemented" || code === "MethodNotAllowed" || code === "NotSupported") {
      if (!warned) logger().warn({ bucket, code }, "the store does not take per-bucket CORS; relying on its global CORS setting");
      warned = true;
      return false;
    }
    throw error;
  }
}
