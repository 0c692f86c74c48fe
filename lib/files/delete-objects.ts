import { DeleteObjectsCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { s3 } from "@/lib/s3/client";
import { explainS3Error } from "./s3-errors";
import { walkObjects } from "./walk-objects";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";
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
  return mutate(
    caller,
    { role: "editor", action: "files.object.delete", target: s3Uri(bucket, only) },
    async () => {
      const result = await deleteKeys(bucket, keys);
      for (const prefix of prefixes) {
        try {
          for await (const page of walkObjects(bucket, prefix)) {
            const more = await deleteKeys(bucket, page.map((o) => o.key), result.failed);
            result.deleted += more.deleted;
          }
        } catch (error) {
          throw explainS3Error(error, `Listing ${prefix} to delete it`);
        }
      }
      return result;
    },
    (r) => ({ keys: keys.slice(0, 100), prefixes: prefixes.slice(0, 100), deleted: r.deleted, failed: r.failed.length }),
  );
}
