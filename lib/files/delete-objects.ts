import { DeleteObjectsCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { s3 } from "@/lib/s3/client";
import { explainS3Error } from "./s3-errors";
import { walkObjects } from "./walk-objects";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";
import { refuseUnlessRole } from "@/lib/audit/refuse";
import { s3Uri } from "./names";

export type KeyFailure = { key: string; code: string; message: string };
export type DeleteResult = { deleted: number; failed: KeyFailure[] };

/** DeleteObjects takes at most 1,000 keys per call. */
const BATCH = 1000;
/** The failures reported back are capped; the count of deleted keys stays exact. */
const MAX_REPORTED_FAILURES = 1000;

/** Deletes keys in DeleteObjects batches and collects the per-key failures the store reports. */
export async function deleteKeys(bucket: string, keys: string[], failed: KeyFailure[] = []): Promise<DeleteResult> {
  let deleted = 0;
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH);
    try {
      const out = await s3().send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      const errors = out.Errors ?? [];
      deleted += batch.length - errors.length;
      for (const e of errors) {
        if (failed.length < MAX_REPORTED_FAILURES) failed.push({ key: e.Key ?? "?", code: e.Code ?? "Error", message: e.Message ?? "not deleted" });
      }
    } catch (error) {
      const explained = explainS3Error(error, `Deleting from ${bucket}`);
      const message = explained instanceof Error ? explained.message : String(explained);
      for (const key of batch) if (failed.length < MAX_REPORTED_FAILURES) failed.push({ key, code: "RequestFailed", message });
    }
  }
  return { deleted, failed };
}

/** Folder entries found so far, by depth (number of "/"): filled page by page so memory grows with folders, not keys. */
export type FolderSet = Map<number, Set<string>>;

/**
 * Adds the folder entries that keys under `prefix` imply ("a/b/c.txt" under "a/" implies "a/b/" and "a/"),
 * `prefix` itself included (never the bucket root). On AWS these are not objects and deleting them is a
 * no-op; SeaweedFS keeps each emptied directory listed (HEAD answers application/x-directory) for minutes
 * unless its "dir/" key is deleted, child before parent.
 */
export function collectFolders(prefix: string, keys: Iterable<string>, into: FolderSet = new Map()): FolderSet {
  const add = (folder: string) => {
    const depth = folder.split("/").length;
    let level = into.get(depth);
    if (!level) into.set(depth, (level = new Set()));
    level.add(folder);
  };
  if (prefix !== "") add(prefix);
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    for (let end = key.indexOf("/", prefix.length); end !== -1 && end < key.length - 1; end = key.indexOf("/", end + 1)) {
      add(key.slice(0, end + 1));
    }
  }
  return into;
}

/** The folders grouped by depth, deepest first, each group sorted. */
export function deepestFirst(folders: FolderSet): string[][] {
  return [...folders.entries()].sort(([a], [b]) => b - a).map(([, level]) => [...level].sort());
}

/** Deletes emptied folder entries a depth at a time, so children go before parents. */
export async function deleteFolderEntries(bucket: string, folders: FolderSet, failed: KeyFailure[] = []): Promise<void> {
  for (const level of deepestFirst(folders)) await deleteKeys(bucket, level, failed);
}

/** Deletes every object under `prefix` ("" = the whole bucket), then its emptied folder entries. */
export async function deleteTree(bucket: string, prefix: string, failed: KeyFailure[] = []): Promise<number> {
  let deleted = 0;
  const folders: FolderSet = new Map();
  for await (const page of walkObjects(bucket, prefix)) {
    const batch = page.map((o) => o.key);
    deleted += (await deleteKeys(bucket, batch, failed)).deleted;
    collectFolders(prefix, batch, folders);
  }
  await deleteFolderEntries(bucket, folders, failed);
  return deleted;
}

export const deleteRequestSchema = z
  .object({
    keys: z.array(z.string().min(1)).max(10_000).default([]),
    prefixes: z.array(z.string().min(1).regex(/\/$/, "A folder ends with /.")).max(1000).default([]),
  })
  .refine((r) => r.keys.length + r.prefixes.length > 0, "Choose at least one file or folder.");

/** Deletes the chosen objects and everything under the chosen folders; what could not be deleted is listed. */
export async function deleteObjects(caller: Caller, bucket: string, request: z.input<typeof deleteRequestSchema>): Promise<DeleteResult> {
  const { keys, prefixes } = deleteRequestSchema.parse(request);
  const only = keys.length === 1 && prefixes.length === 0 ? keys[0]! : prefixes.length === 1 && keys.length === 0 ? prefixes[0]! : "";
  const operation = { role: "editor", action: "files.object.delete", target: s3Uri(bucket, only) } as const;
  await refuseUnlessRole(caller, operation, { keys: keys.slice(0, 100), prefixes: prefixes.slice(0, 100), count: keys.length + prefixes.length });
  return mutate(
    caller,
    operation,
    async () => {
      const result = await deleteKeys(bucket, keys);
      for (const prefix of prefixes) {
        try {
          result.deleted += await deleteTree(bucket, prefix, result.failed);
        } catch (error) {
          throw explainS3Error(error, `Listing ${prefix} to delete it`);
        }
      }
      return result;
    },
    (r) => ({ keys: keys.slice(0, 100), prefixes: prefixes.slice(0, 100), deleted: r.deleted, failed: r.failed.length }),
  );
}
