import { DeleteObjectsCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { isS3NotFound } from "@/lib/files/s3-errors";
import type { TierStore } from "@/lib/s3/tiers";

/** Listing, heads and deletes on one tier's store (which may be its own endpoint, so not lib/files' main-store helpers). */

export type TierObject = { key: string; size: number; etag: string };

/** Every object under a prefix, a page (up to 1,000) at a time, in key order; folder markers ("…/") are left out. */
export async function* listTierObjects(store: TierStore, bucket: string, prefix: string): AsyncGenerator<TierObject[]> {
  let token: string | undefined;
  do {
    const page = await store.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
    yield (page.Contents ?? []).flatMap((o) =>
      o.Key === undefined || o.Key.endsWith("/") ? [] : [{ key: o.Key, size: o.Size ?? 0, etag: normaliseEtag(o.ETag) }],
    );
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** ETags arrive quoted (and some stores add W/); compare them bare. */
export function normaliseEtag(etag: string | undefined): string {
  return (etag ?? "").replace(/^W\//, "").replace(/"/g, "");
}

export async function headTierObject(store: TierStore, bucket: string, key: string): Promise<TierObject | null> {
  try {
    const head = await store.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { key, size: head.ContentLength ?? 0, etag: normaliseEtag(head.ETag) };
  } catch (error) {
    if (isS3NotFound(error)) return null;
    throw error;
  }
}

/** Deletes keys in DeleteObjects batches of 1,000; returns the keys the store refused to delete. */
export async function deleteTierKeys(store: TierStore, bucket: string, keys: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const out = await store.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
    for (const e of out.Errors ?? []) failed.push(`${e.Key ?? "?"}: ${e.Code ?? "Error"}`);
  }
  return failed;
}

/** Deletes everything under a prefix; returns what could not be deleted. */
export async function deleteTierPrefix(store: TierStore, bucket: string, prefix: string): Promise<string[]> {
  const failed: string[] = [];
  for await (const page of listTierObjects(store, bucket, prefix)) {
    if (page.length > 0) failed.push(...(await deleteTierKeys(store, bucket, page.map((o) => o.key))));
  }
  return failed;
}
