import { randomUUID } from "node:crypto";
import type { Caller } from "@/lib/auth/caller";
import { authorize, mutate } from "@/lib/auth/mutate";
import { hasRole } from "@/lib/auth/roles";
import { collectFolders, deepestFirst, type FolderSet } from "@/lib/files/delete-objects";
import { formatBytes } from "@/lib/format/units";
import { badRequest, conflict, HttpError, notFound, payloadTooLarge, unavailable } from "@/lib/http/errors";
import { enqueueJob } from "@/lib/jobs/queue";
import { findJob } from "@/lib/jobs/registry";
import { logger } from "@/lib/log/logger";
import { outputAccess } from "./access";
import { defaultOutputDeps, type OutputDeps } from "./deps";
import { outputKey, userPrefix } from "./keys";
import { allowedContentTypes, extensionFor } from "./media";
import { deleteRows, findOutput, insertOutput, listOutputRows, markArrived, recordAccess, userBatch, type ListFilters } from "./registry";
import { toOutput, type OutputRow } from "./rows";
import type { CreateOutputInput, ListQuery, Output, OutputPage } from "./schemas";
import { deleteFromTier, presignGet, presignPut, storedSize } from "./tiers";

/**
 * What the API and the console do with outputs on someone's behalf: check they may (refusals audited),
 * do it, and audit every change. People reach only their own outputs; see ./access.ts.
 */

const target = (id: string) => `output:${id}`;

export async function createOutput(caller: Caller, input: CreateOutputInput, deps: OutputDeps = defaultOutputDeps()) {
  const id = randomUUID();
  return mutate(
    caller,
    { action: "outputs.output.create", target: target(id), role: outputAccess(input.userId, "write") },
    async () => {
      const extension = extensionFor(input.type, input.contentType);
      if (!extension) {
        throw new HttpError("unsupported_type", `A ${input.type} output is one of ${allowedContentTypes(input.type).join(", ")}; not ${input.contentType}.`);
      }
      if (input.size > deps.config.maxBytes) {
        throw payloadTooLarge(`The output is ${formatBytes(input.size)}; outputs are limited to ${formatBytes(deps.config.maxBytes)} (OUTPUTS_MAX_BYTES).`);
      }
      const createdAt = new Date();
      const contentType = input.contentType.toLowerCase();
      const row = await insertOutput(deps.db, {
        id,
        userId: input.userId,
        filename: input.filename,
        type: input.type,
        contentType,
        size: input.size,
        key: outputKey(input.userId, id, createdAt, extension),
        createdAt,
        createdBy: caller.actor.username,
      });
      const url = await presignPut(deps.tiers.hot, row.key, contentType, input.size, deps.config.uploadUrlSeconds);
      const expiresAt = new Date(Date.now() + deps.config.uploadUrlSeconds * 1000).toISOString();
      return { id, output: toOutput(row), upload: { method: "PUT" as const, url, headers: { "content-type": contentType }, expiresAt } };
    },
    (r) => ({ userId: input.userId, type: input.type, size: input.size, key: r.output.key }),
  );
}

async function existing(deps: OutputDeps, id: string): Promise<OutputRow> {
  const row = await findOutput(deps.db, id);
  if (!row) throw notFound(`There is no output ${id}.`);
  return row;
}

export async function getOutput(caller: Caller, id: string, deps: OutputDeps = defaultOutputDeps()): Promise<Output> {
  const row = await existing(deps, id);
  await authorize(caller, { action: "outputs.output.read", target: target(id), role: outputAccess(row.user_id, "read") });
  return toOutput(row);
}

/** Whose outputs a listing shows: people their own unless admin; services must name a user unless admin. */
function listScope(caller: Caller, userId: string | undefined): string | null {
  if (userId) return userId;
  if (hasRole(caller.actor, "admin")) return null;
  if (caller.actor.kind === "user") return caller.actor.id;
  throw badRequest("Give userId: whose outputs to list.");
}

export async function listOutputs(caller: Caller, query: ListQuery, deps: OutputDeps = defaultOutputDeps()): Promise<OutputPage & { rows: OutputRow[] }> {
  const userId = listScope(caller, query.userId);
  await authorize(caller, { action: "outputs.output.list", target: userId ? `outputs:user:${userId}` : "outputs:*", role: outputAccess(userId, "read") });
  if (query.from && query.to && query.from > query.to) throw badRequest("`from` is after `to`.");
  const filters: ListFilters = { userId: userId ?? undefined, type: query.type, from: query.from, to: query.to, limit: query.limit, cursor: query.cursor };
  const page = await listOutputRows(deps.db, filters);
  return { outputs: page.rows.map(toOutput), nextCursor: page.nextCursor, rows: page.rows };
}

/** Short-lived inline URLs for showing outputs the caller has already been allowed to list (gallery thumbnails and players). */
export async function previewUrls(rows: OutputRow[], deps: OutputDeps = defaultOutputDeps()): Promise<Record<string, string>> {
  const entries = await Promise.all(
    rows.map(async (r) => [r.id, await presignGet(r.on_hot ? deps.tiers.hot : deps.tiers.cold, r.key, { filename: r.filename, disposition: "inline", expiresIn: deps.config.downloadUrlSeconds })] as const),
  );
  return Object.fromEntries(entries);
}

export type DownloadOptions = { disposition: "inline" | "attachment"; count: boolean };

/**
 * A presigned GET of the hot copy if there is one, else of the cold one. Counts the access (unless a
 * previewer asked, see ./counting.ts); the read that reaches OUTPUTS_REPROMOTE_ACCESSES while only cold
 * also queues the re-promotion job, so it does not wait for its schedule.
 */
export async function downloadOutput(caller: Caller, id: string, options: DownloadOptions, deps: OutputDeps = defaultOutputDeps()): Promise<{ url: string; tier: "hot" | "cold" }> {
  let row = await existing(deps, id);
  const operation = { action: "outputs.output.download", target: target(id), role: outputAccess(row.user_id, "read") };
  await authorize(caller, operation);
  const now = new Date();
  if (!row.on_hot && !row.on_cold) {
    // Uploaded moments ago, before the copy job's next run saw it.
    if ((await storedSize(deps.tiers.hot, row.key)) === null) throw conflict("This output has not been uploaded yet.");
    row = (await markArrived(deps.db, id, now)) ?? (await existing(deps, id));
  }
  if (options.count) {
    const counted = await recordAccess(deps.db, id, now);
    if (!counted) throw notFound(`There is no output ${id}.`);
    row = counted;
    if (!row.on_hot && row.cold_reads === deps.config.repromoteAccesses) await queueRepromotion();
  }
  const tier = row.on_hot ? "hot" : "cold";
  const url = await presignGet(deps.tiers[tier], row.key, { filename: row.filename, disposition: options.disposition, expiresIn: deps.config.downloadUrlSeconds });
  if (options.count) await mutate(caller, operation, async () => tier, (t) => ({ tier: t, accessCount: row.access_count }));
  return { url, tier };
}

async function queueRepromotion(): Promise<void> {
  const job = findJob("outputs-repromote");
  if (!job) return;
  // Best effort: the schedule picks the output up anyway if Redis is down now.
  await enqueueJob(job, "outputs: read threshold").catch((error: unknown) => logger().warn({ err: error }, "could not queue outputs-repromote"));
}

/**
 * Removes outputs from both tiers, then their rows; an output the store did not delete from either tier
 * keeps its row (so nothing is left unrecorded) and is counted as failed.
 */
async function removeOutputs(deps: OutputDeps, rows: Pick<OutputRow, "id" | "key">[]): Promise<{ deleted: number; failed: number }> {
  const keys = rows.map((r) => r.key);
  const [hot, cold] = await Promise.all([deleteFromTier(deps.tiers.hot, keys), deleteFromTier(deps.tiers.cold, keys)]);
  const gone = rows.filter((r) => !hot.has(r.key) && !cold.has(r.key)).map((r) => r.id);
  const deleted = await deleteRows(deps.db, gone);
  return { deleted, failed: rows.length - gone.length };
}

export async function deleteOutput(caller: Caller, id: string, deps: OutputDeps = defaultOutputDeps()): Promise<{ deleted: number }> {
  const row = await existing(deps, id);
  return mutate(caller, { action: "outputs.output.delete", target: target(id), role: outputAccess(row.user_id, "write") }, async () => {
    const result = await removeOutputs(deps, [row]);
    if (result.failed > 0) throw unavailable("The object store did not delete the output; it is kept in the registry. Try again.");
    return { deleted: result.deleted };
  });
}

/** The console's bulk delete: every chosen output must be the caller's to delete, or none is. */
export async function deleteOutputs(caller: Caller, ids: string[], deps: OutputDeps = defaultOutputDeps()): Promise<{ deleted: number; failed: number }> {
  const unique = [...new Set(ids)];
  const rows = await Promise.all(unique.map((id) => findOutput(deps.db, id)));
  const found = rows.filter((r): r is OutputRow => r !== null);
  const owners = [...new Set(found.map((r) => r.user_id))];
  const owner = owners.length === 1 ? owners[0]! : null;
  return mutate(
    caller,
    { action: "outputs.output.delete", target: owner ? `outputs:user:${owner}` : "outputs:*", role: outputAccess(owner, "write") },
    () => removeOutputs(deps, found),
    (r) => ({ ids: unique.slice(0, 100), requested: unique.length, deleted: r.deleted, failed: r.failed }),
  );
}

/** Every output of one user, from every tier and the registry, in batches (S3 takes 1,000 keys a call). */
export async function deleteUserOutputs(caller: Caller, userId: string, deps: OutputDeps = defaultOutputDeps()): Promise<{ deleted: number }> {
  return mutate(
    caller,
    { action: "outputs.user.delete", target: `outputs:user:${userId}`, role: outputAccess(userId, "write") },
    async () => {
      let deleted = 0;
      const folders: FolderSet = new Map();
      for (;;) {
        const batch = await userBatch(deps.db, userId, deps.config.batch);
        if (batch.length === 0) break;
        const result = await removeOutputs(deps, batch);
        deleted += result.deleted;
        collectFolders(userPrefix(userId), batch.map((r) => r.key), folders);
        if (result.failed > 0) {
          throw unavailable(`The object store did not delete ${result.failed} outputs (${deleted} deleted); try again to finish.`);
        }
      }
      // SeaweedFS keeps emptied folders listed for minutes unless their "dir/" entries go too (children first);
      // on other stores these deletes are no-ops.
      for (const level of deepestFirst(folders)) await Promise.all([deleteFromTier(deps.tiers.hot, level), deleteFromTier(deps.tiers.cold, level)]);
      return { deleted };
    },
    (r) => ({ deleted: r.deleted }),
  );
}
