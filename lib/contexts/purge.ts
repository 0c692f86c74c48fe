import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Prisma } from "@/lib/generated/prisma/client";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { ContextDeps } from "./deps";
import { inScope, type JobScope } from "./pg-tiers";
import { contextColumns, messageColumns, toHeader, toMessage, toTierHistory, type ArchiveRow, type MessageRow } from "./rows";

const DAY_MS = 86_400_000;

export type PurgeProgress = { purged: number; exported: number; objects: number; batches: number };

export type PurgeDeps = Pick<ContextDeps, "db" | "config" | "log"> & { s3: S3Client };

type Batch = { id: bigint; object_key: string; context_ids: bigint[] };

/**
 * Deletes cold contexts idle for CONTEXTS_COLD_DAYS, optionally exporting them to S3 first.
 *
 * With export, each batch is first claimed in user_context_purge_batches (its ids and object key fixed and
 * committed), then written to S3, then deleted — the delete and the batch's completion in one statement.
 * A run killed anywhere resumes unfinished batches before claiming new ones: the same ids go to the same
 * key (the object is overwritten, not duplicated) and rows are never deleted before their object exists.
 */
export async function purgeContexts(
  deps: PurgeDeps,
  options: {
    now?: Date;
    /** Only these users' contexts (tests); batches are resumed and claimed within the scope only. */
    scope?: JobScope;
    onBatch?: (progress: PurgeProgress) => Promise<void>;
    afterExport?: (batchId: bigint) => Promise<void>;
  } = {},
): Promise<PurgeProgress> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - deps.config.coldDays * DAY_MS);
  const progress: PurgeProgress = { purged: 0, exported: 0, objects: 0, batches: 0 };
  const scope = options.scope ?? {};
  for (;;) {
    if (deps.config.purgeExport) {
      const batch = (await unfinishedBatch(deps, scope)) ?? (await claimBatch(deps, cutoff, now, scope));
      if (!batch) break;
      const { exported, purged } = await exportAndDelete(deps, batch, cutoff, options.afterExport);
      progress.exported += exported;
      progress.objects += exported > 0 ? 1 : 0;
      progress.purged += purged;
    } else {
      const purged = await deleteBatch(deps, cutoff, scope);
      if (purged === 0) break;
      progress.purged += purged;
    }
    progress.batches += 1;
    await options.onBatch?.({ ...progress });
  }
  await deps.db.$executeRaw`
    DELETE FROM user_context_purge_batches WHERE status = 'done' AND finished_at < ${new Date(now.getTime() - deps.config.coldDays * DAY_MS)}`;
  return progress;
}

/** `contexts/<yyyy>/<mm>/<dd>/purge-<time>-<random>.jsonl.gz`: unique even when several databases share the bucket. */
export function purgeObjectKey(at: Date, random = randomBytes(4).toString("hex")): string {
  const iso = at.toISOString();
  return `contexts/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/purge-${iso.slice(11, 19).replaceAll(":", "")}-${random}.jsonl.gz`;
}

async function unfinishedBatch(deps: PurgeDeps, scope: JobScope): Promise<Batch | null> {
  // A scoped run resumes only batches holding its own contexts (a batch is claimed within one scope).
  const scoped = scope.userPrefix === undefined
    ? Prisma.empty
    : Prisma.sql`AND EXISTS (SELECT 1 FROM user_contexts_archive a WHERE a.id = ANY(b.context_ids) ${inScope(scope, Prisma.sql`a.user_id`)})`;
  const rows = await deps.db.$queryRaw<Batch[]>`
    SELECT id, object_key, context_ids FROM user_context_purge_batches b WHERE status = 'pending' ${scoped} ORDER BY id LIMIT 1`;
  return rows[0] ?? null;
}

async function claimBatch(deps: PurgeDeps, cutoff: Date, now: Date, scope: JobScope): Promise<Batch | null> {
  const rows = await deps.db.$queryRaw<Batch[]>`
    INSERT INTO user_context_purge_batches (context_ids, object_key)
    SELECT array_agg(id ORDER BY id), ${purgeObjectKey(now)}
      FROM (SELECT id FROM user_contexts_archive a
             WHERE active_at < ${cutoff} ${inScope(scope)}
               AND NOT EXISTS (SELECT 1 FROM user_context_purge_batches b WHERE b.status = 'pending' AND a.id = ANY(b.context_ids))
             ORDER BY active_at, id
             LIMIT ${deps.config.purgeBatch}::int
             FOR UPDATE SKIP LOCKED) picked
    HAVING count(*) > 0
    RETURNING id, object_key, context_ids`;
  return rows[0] ?? null;
}

async function exportAndDelete(
  deps: PurgeDeps,
  batch: Batch,
  cutoff: Date,
  afterExport?: (batchId: bigint) => Promise<void>,
): Promise<{ exported: number; purged: number }> {
  const ids = batch.context_ids.map(String);
  // Re-checked now: a context restored since the batch was claimed is no longer due and stays.
  const contexts = await deps.db.$queryRaw<ArchiveRow[]>`
    SELECT ${contextColumns}, archived_at FROM user_contexts_archive
     WHERE id = ANY(${ids}::bigint[]) AND active_at < ${cutoff} ORDER BY id`;
  if (contexts.length > 0) {
    const messages = await deps.db.$queryRaw<(MessageRow & { context_id: bigint })[]>`
      SELECT context_id, ${messageColumns} FROM user_context_messages
       WHERE context_id = ANY(${contexts.map((c) => c.id.toString())}::bigint[]) ORDER BY context_id, seq`;
    const byContext = new Map<bigint, MessageRow[]>();
    for (const m of messages) {
      const list = byContext.get(m.context_id);
      if (list) list.push(m);
      else byContext.set(m.context_id, [m]);
    }
    const lines = contexts.map((c) =>
      JSON.stringify({
        ...toHeader(c),
        activeAt: c.active_at.toISOString(),
        archivedAt: c.archived_at.toISOString(),
        tierHistory: toTierHistory(c.tier_history),
        messages: (byContext.get(c.id) ?? []).map(toMessage),
      }),
    );
    await deps.s3.send(
      new PutObjectCommand({
        Bucket: deps.config.exportBucket,
        Key: batch.object_key,
        Body: gzipSync(`${lines.join("\n")}\n`),
        ContentType: "application/gzip",
        Metadata: { "strata-contexts": String(contexts.length) },
      }),
    );
    deps.log.info({ key: batch.object_key, contexts: contexts.length }, "purge batch exported");
  }
  await afterExport?.(batch.id);
  // Only rows still at the version just exported are deleted: anything restored and changed since stays.
  const rows = await deps.db.$queryRaw<{ purged: number }[]>`
    WITH exported AS (
      SELECT * FROM unnest(${contexts.map((c) => c.id.toString())}::bigint[], ${contexts.map((c) => c.version.toString())}::bigint[]) AS x(id, version)
    ), gone AS (
      DELETE FROM user_contexts_archive a USING exported x WHERE a.id = x.id AND a.version = x.version RETURNING a.id
    ), messages AS (
      DELETE FROM user_context_messages WHERE context_id = ANY(ARRAY(SELECT id FROM gone))
    )
    UPDATE user_context_purge_batches
       SET status = 'done', exported = ${contexts.length}::int, purged = (SELECT count(*) FROM gone)::int,
           context_ids = '{}', finished_at = now()
     WHERE id = ${batch.id} AND status = 'pending'
    RETURNING purged`;
  return { exported: contexts.length, purged: rows[0]?.purged ?? 0 };
}

async function deleteBatch(deps: PurgeDeps, cutoff: Date, scope: JobScope): Promise<number> {
  const rows = await deps.db.$queryRaw<{ purged: number }[]>`
    WITH gone AS (
      DELETE FROM user_contexts_archive
       WHERE id = ANY(ARRAY(SELECT id FROM user_contexts_archive WHERE active_at < ${cutoff} ${inScope(scope)}
                             ORDER BY active_at, id LIMIT ${deps.config.purgeBatch}::int FOR UPDATE SKIP LOCKED))
      RETURNING id
    ), messages AS (
      DELETE FROM user_context_messages WHERE context_id = ANY(ARRAY(SELECT id FROM gone))
    )
    SELECT count(*)::int AS purged FROM gone`;
  return rows[0]?.purged ?? 0;
}
