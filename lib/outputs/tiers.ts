import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { contentDisposition } from "@/lib/files/content-disposition";
import { copySource } from "@/lib/files/copy-object";
import { isS3NotFound } from "@/lib/s3/errors";
import { sameStore, tierStore, type TierStore } from "@/lib/s3/tiers";

/**
 * The two places an output's bytes can be: a bucket on the hot tier's store and one on the cold tier's.
 * The stores may be different endpoints (lib/s3/tiers.ts), so copies between them go server-side only
 * when both buckets share a store, and are streamed through Strata otherwise.
 */

export type OutputTier = { store: Pick<TierStore, "client" | "presigner" | "endpoint" | "accessKeyId">; bucket: string };
export type OutputTiers = { hot: OutputTier; cold: OutputTier };

export function defaultOutputTiers(buckets: { hotBucket: string; coldBucket: string }): OutputTiers {
  return { hot: { store: tierStore("hot"), bucket: buckets.hotBucket }, cold: { store: tierStore("cold"), bucket: buckets.coldBucket } };
}

/** The stored size of `key`, or null when it is not there. */
export async function storedSize(tier: OutputTier, key: string): Promise<number | null> {
  try {
    const head = await tier.store.client.send(new HeadObjectCommand({ Bucket: tier.bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if (isS3NotFound(error)) return null;
    throw error;
  }
}

/**
 * Copies `key` from one tier to the other and checks the copy has the expected size; true when it has.
 * A copy that cannot be verified is reported, never trusted.
 */
export async function copyVerified(from: OutputTier, to: OutputTier, key: string, size: number, contentType: string): Promise<boolean> {
  if (sameStore(from.store, to.store)) {
    await to.store.client.send(
      new CopyObjectCommand({ Bucket: to.bucket, Key: key, CopySource: copySource({ bucket: from.bucket, key }), MetadataDirective: "COPY" }),
    );
  } else {
    // Outputs are at most OUTPUTS_MAX_BYTES (one PUT), so one streamed GET → PUT with the known length holds
    // only the SDK's socket buffers, never the whole object.
    const source = await from.store.client.send(new GetObjectCommand({ Bucket: from.bucket, Key: key }));
    if (!source.Body) throw new Error(`GetObject of ${from.bucket}/${key} answered without a body`);
    await to.store.client.send(
      new PutObjectCommand({ Bucket: to.bucket, Key: key, Body: source.Body as NonNullable<PutObjectCommand["input"]["Body"]>, ContentLength: size, ContentType: contentType }),
    );
  }
  return (await storedSize(to, key)) === size;
}

/** Deletes keys from one tier (1,000 per call, S3's limit); returns the keys the store did not delete. */
export async function deleteFromTier(tier: OutputTier, keys: string[]): Promise<Set<string>> {
  const failed = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const out = await tier.store.client.send(
      new DeleteObjectsCommand({ Bucket: tier.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
    );
    for (const e of out.Errors ?? []) if (e.Key && !isS3NotFound({ Code: e.Code })) failed.add(e.Key);
  }
  return failed;
}

/** A short-lived GET of `key` on this tier, inline (to show) or as an attachment under `filename`. */
export async function presignGet(
  tier: OutputTier,
  key: string,
  options: { filename: string; disposition: "inline" | "attachment"; expiresIn: number },
): Promise<string> {
  return getSignedUrl(
    tier.store.presigner,
    new GetObjectCommand({ Bucket: tier.bucket, Key: key, ResponseContentDisposition: contentDisposition(options.disposition, options.filename) }),
    { expiresIn: options.expiresIn },
  );
}

// Binding type and length into the signature makes the store refuse any other upload (as lib/files/presign.ts does).
const BOUND_HEADERS = new Set(["content-type", "content-length"]);

/** The one PUT an output's bytes may arrive by: into the hot tier, with exactly this type and length. */
export async function presignPut(tier: OutputTier, key: string, contentType: string, size: number, expiresIn: number): Promise<string> {
  return getSignedUrl(tier.store.presigner, new PutObjectCommand({ Bucket: tier.bucket, Key: key, ContentType: contentType, ContentLength: size }), {
    expiresIn,
    signableHeaders: BOUND_HEADERS,
  });
}
