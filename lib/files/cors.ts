import { GetBucketCorsCommand, PutBucketCorsCommand, type CORSConfiguration, type CORSRule } from "@aws-sdk/client-s3";
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
 * The bucket's rules with the console's rule added, or null when a rule already lets the console's origin
 * PUT, GET and HEAD and read ETag. Never replaces: several consoles (staging beside production, one per
 * developer) share buckets, and each one's job rewriting the list with only its own origin locked the
 * others' browsers out of uploads.
 */
export function withConsoleRule(existing: CORSRule[] | undefined, appUrl: string): CORSConfiguration | null {
  const origin = new URL(appUrl).origin;
  const rules = existing ?? [];
  const covered = rules.some(
    (r) =>
      (r.AllowedOrigins ?? []).some((o) => o === origin || o === "*") &&
      ["PUT", "GET", "HEAD"].every((m) => (r.AllowedMethods ?? []).includes(m)) &&
      (r.ExposeHeaders ?? []).some((h) => h.toLowerCase() === "etag"),
  );
  return covered ? null : { CORSRules: [...rules, ...bucketCorsConfiguration(appUrl).CORSRules!] };
}

/**
 * Adds the console's CORS rule to a bucket (keeping the rules already there). A store without per-bucket
 * CORS (some answer NotImplemented) is left to its global CORS setting, which docs/files.md describes;
 * that is logged, not fatal.
 */
export async function applyBucketCors(bucket: string): Promise<boolean> {
  if (!env().FILES_BUCKET_CORS) return false;
  try {
    let existing: CORSRule[] | undefined;
    try {
      existing = (await s3().send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules;
    } catch (error) {
      if (s3ErrorCode(error) !== "NoSuchCORSConfiguration") throw error;
    }
    const next = withConsoleRule(existing, env().APP_URL);
    if (next) await s3().send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: next }));
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
