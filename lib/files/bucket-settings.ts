import {
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  GetBucketVersioningCommand,
  PutBucketCorsCommand,
  PutBucketVersioningCommand,
  type CORSRule,
} from "@aws-sdk/client-s3";
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/config/env";
import { HttpError } from "@/lib/http/errors";
import { s3 } from "@/lib/s3/client";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";
import { s3Uri } from "./names";
import { bucketCorsConfiguration } from "./cors";
import { getLifecycleRules, type LifecycleRule } from "./lifecycle";
import { lifecyclePreset, type LifecyclePreset } from "./lifecycle-presets";
import { explainS3Error, s3ErrorCode, s3Status } from "./s3-errors";

/** A bucket's settings as the store holds them: versioning, lifecycle rules and CORS, read through the S3 API. */

export type Versioning = "Enabled" | "Suspended" | "Off";

export const corsRuleSchema = z.object({
  allowedOrigins: z.array(z.string().trim().min(1).max(255)).min(1, "Allow at least one origin."),
  allowedMethods: z.array(z.enum(["GET", "HEAD", "PUT", "POST", "DELETE"])).min(1, "Allow at least one method."),
  allowedHeaders: z.array(z.string().trim().min(1).max(255)).default([]),
  exposeHeaders: z.array(z.string().trim().min(1).max(255)).default([]),
  maxAgeSeconds: z.number().int().min(0).max(86_400).nullable().default(null),
});
export type CorsRule = z.output<typeof corsRuleSchema>;
export const corsRulesSchema = z.array(corsRuleSchema).max(100);

/** A feature the store does not offer is shown as such, not as an error. */
export type Feature<T> = { supported: true; value: T } | { supported: false; reason: string };

export type BucketSettings = {
  bucket: string;
  versioning: Feature<Versioning>;
  lifecycle: Feature<LifecycleRule[]>;
  cors: Feature<CorsRule[]>;
  /** The rules Strata suggests for this bucket, applied with one click. */
  preset: LifecyclePreset;
  /** The rule the console needs for browser uploads, to restore it in one click. */
  consoleCors: CorsRule;
};

function notOffered(error: unknown): string | null {
  const code = s3ErrorCode(error);
  if (code === "NotImplemented" || s3Status(error) === 501) return "This object store does not implement it (501 NotImplemented).";
  return null;
}

async function feature<T>(read: () => Promise<T>, what: string): Promise<Feature<T>> {
  try {
    return { supported: true, value: await read() };
  } catch (error) {
    const reason = notOffered(error);
    if (reason) return { supported: false, reason };
    throw explainS3Error(error, what);
  }
}

const fromS3Cors = (r: CORSRule): CorsRule => ({
  allowedOrigins: r.AllowedOrigins ?? [],
  allowedMethods: (r.AllowedMethods ?? []) as CorsRule["allowedMethods"],
  allowedHeaders: r.AllowedHeaders ?? [],
  exposeHeaders: r.ExposeHeaders ?? [],
  maxAgeSeconds: r.MaxAgeSeconds ?? null,
});

const toS3Cors = (r: CorsRule): CORSRule => ({
  AllowedOrigins: r.allowedOrigins,
  AllowedMethods: r.allowedMethods,
  AllowedHeaders: r.allowedHeaders,
  ExposeHeaders: r.exposeHeaders,
  ...(r.maxAgeSeconds === null ? {} : { MaxAgeSeconds: r.maxAgeSeconds }),
});

async function readCors(bucket: string): Promise<CorsRule[]> {
  try {
    return ((await s3().send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules ?? []).map(fromS3Cors);
  } catch (error) {
    if (s3ErrorCode(error) === "NoSuchCORSConfiguration") return [];
    throw error;
  }
}

export async function getBucketVersioning(bucket: string): Promise<Versioning> {
  const status = (await s3().send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status;
  return status === "Enabled" || status === "Suspended" ? status : "Off";
}

export async function getBucketSettings(bucket: string): Promise<BucketSettings> {
  const [versioning, lifecycle, cors] = await Promise.all([
    feature(() => getBucketVersioning(bucket), `Reading the versioning of ${bucket}`),
    feature(() => getLifecycleRules(bucket), `Reading the lifecycle rules of ${bucket}`),
    feature(() => readCors(bucket), `Reading the CORS rules of ${bucket}`),
  ]);
  return {
    bucket,
    versioning,
    lifecycle,
    cors,
    preset: lifecyclePreset(bucket),
    consoleCors: fromS3Cors(bucketCorsConfiguration(env().APP_URL).CORSRules![0]!),
  };
}

function refused(error: unknown, what: string): unknown {
  const reason = notOffered(error);
  return reason ? new HttpError("not_supported_by_store", `${what}: ${reason} Nothing was changed.`) : explainS3Error(error, what);
}

/**
 * Turns versioning on, or suspends it (S3 cannot turn it fully off once on: existing versions stay, new
 * writes stop making versions). Admins only; audited.
 */
export async function setBucketVersioning(caller: Caller, bucket: string, enabled: boolean): Promise<Versioning> {
  return mutate(
    caller,
    { role: "admin", action: "files.bucket.versioning", target: s3Uri(bucket) },
    async () => {
      try {
        await s3().send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: enabled ? "Enabled" : "Suspended" } }));
        return await getBucketVersioning(bucket);
      } catch (error) {
        throw refused(error, `Changing the versioning of ${bucket}`);
      }
    },
    (state) => ({ versioning: state }),
  );
}

/** Replaces the bucket's CORS rules. Admins only; audited with the rules sent. */
export async function putBucketCorsRules(caller: Caller, bucket: string, input: z.input<typeof corsRulesSchema>): Promise<CorsRule[]> {
  return mutate(
    caller,
    { role: "admin", action: "files.bucket.cors", target: s3Uri(bucket) },
    async () => {
      const rules = corsRulesSchema.parse(input);
      try {
        if (rules.length === 0) await s3().send(new DeleteBucketCorsCommand({ Bucket: bucket }));
        else await s3().send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules.map(toS3Cors) } }));
        return await readCors(bucket);
      } catch (error) {
        throw refused(error, `Writing the CORS rules of ${bucket}`);
      }
    },
    (rules) => ({ rules: rules as unknown as Prisma.InputJsonArray }),
  );
}
