import { z } from "zod";
import { badRequest, payloadTooLarge } from "@/lib/http/errors";
import { copyObject, type CopyOptions } from "./copy-object";
import { collectFolders, deleteFolderEntries, deleteKeys, type FolderSet } from "./delete-objects";
import { objectKeyProblem, s3Uri } from "./names";
import { refuseUnlessRole } from "@/lib/audit/refuse";
import { runLimited } from "./run-limited";
import { explainS3Error } from "./s3-errors";
import { walkObjects } from "./walk-objects";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";

export const transferRequestSchema = z.object({
  mode: z.enum(["copy", "move"]),
  sourceBucket: z.string().min(1),
  destinationBucket: z.string().min(1),
  /** A source ending in "/" is a folder: everything under it goes under `destination` (which ends in "/" too). */
  items: z.array(z.object({ source: z.string().min(1), destination: z.string().min(1) })).min(1).max(1000),
});
export type TransferRequest = z.infer<typeof transferRequestSchema>;

export type TransferFailure = { source: string; destination: string; message: string };
export type TransferResult = { transferred: number; failed: TransferFailure[] };

/** Bulk copies run inside the request; larger trees need a job, and are refused before anything is copied. */
export const MAX_TRANSFER_OBJECTS = 10_000;

type Pair = { source: string; destination: string };

async function expand(request: TransferRequest): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (const { source, destination } of request.items) {
    const folder = source.endsWith("/");
    if (folder !== destination.endsWith("/")) throw badRequest(`${source} → ${destination}: a folder goes to a folder (both end with /), a file to a file name.`);
    if (request.sourceBucket === request.destinationBucket) {
      if (source === destination) throw badRequest(`${source} would be copied onto itself; choose another name or folder.`);
      if (folder && destination.startsWith(source)) throw badRequest(`Folder ${source} cannot go inside itself.`);
    }
    if (!folder) {
      pairs.push({ source, destination });
      continue;
    }
    try {
      for await (const page of walkObjects(request.sourceBucket, source)) {
        for (const o of page) pairs.push({ source: o.key, destination: destination + o.key.slice(source.length) });
        if (pairs.length > MAX_TRANSFER_OBJECTS) {
          throw payloadTooLarge(`That is more than ${MAX_TRANSFER_OBJECTS.toLocaleString("en")} objects; copy smaller folders at a time.`);
        }
      }
    } catch (error) {
      throw explainS3Error(error, `Listing ${source}`);
    }
  }
  const bad = pairs.flatMap((p) => {
    const problem = objectKeyProblem(p.destination);
    return problem ? [`${p.destination}: ${problem}`] : [];
  });
  if (bad.length > 0) throw badRequest(`Some destination names are not valid: ${bad.slice(0, 3).join(" ")}`, bad.slice(0, 50));
  return pairs;
}

/**
 * Copies or moves files and folders, within a bucket or across buckets, server-side. Every object is tried;
 * those that failed are listed. A move deletes a source only after its copy succeeded.
 */
export async function transferObjects(caller: Caller, input: TransferRequest, copyOptions: CopyOptions = {}): Promise<TransferResult> {
  const request = transferRequestSchema.parse(input);
  const first = request.items[0]!;
  const target = request.items.length === 1 ? s3Uri(request.sourceBucket, first.source) : s3Uri(request.sourceBucket);
  const operation = { role: "editor", action: `files.object.${request.mode}`, target } as const;
  await refuseUnlessRole(caller, operation, { destinationBucket: request.destinationBucket, items: request.items.slice(0, 100), count: request.items.length });
  return mutate(
    caller,
    operation,
    async () => {
      const pairs = await expand(request);
      const failed: TransferFailure[] = [];
      const copied = await runLimited(pairs, 8, async (pair) => {
        try {
          await copyObject({ bucket: request.sourceBucket, key: pair.source }, { bucket: request.destinationBucket, key: pair.destination }, copyOptions);
          return pair;
        } catch (error) {
          const explained = explainS3Error(error, pair.source);
          failed.push({ ...pair, message: explained instanceof Error ? explained.message : String(explained) });
          return null;
        }
      });
      const done = copied.filter((p): p is Pair => p !== null);
      if (request.mode === "move" && done.length > 0) {
        const sources = done.map((p) => p.source);
        const removal = await deleteKeys(request.sourceBucket, sources);
        for (const f of removal.failed) {
          failed.push({ source: f.key, destination: done.find((p) => p.source === f.key)?.destination ?? "", message: `copied, but the original was not deleted: ${f.message}` });
        }
        // A folder moved away whole leaves no folder behind (SeaweedFS would keep listing it for minutes).
        if (failed.length === 0) {
          const folders: FolderSet = new Map();
          for (const { source } of request.items) if (source.endsWith("/")) collectFolders(source, sources, folders);
          await deleteFolderEntries(request.sourceBucket, folders);
        }
      }
      return { transferred: done.length, failed };
    },
    (r) => ({ destination: s3Uri(request.destinationBucket, first.destination), items: request.items.slice(0, 50), transferred: r.transferred, failed: r.failed.length }),
  );
}
