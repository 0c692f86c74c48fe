import { Prisma } from "@/lib/generated/prisma/client";
import { runLimited } from "@/lib/files/run-limited";
import type { OutputDeps, PolicyOptions } from "./deps";
import type { OutputRow } from "./rows";
import { copyVerified, deleteFromTier, storedSize } from "./tiers";

const HOUR_MS = 3_600_000;
/** S3 calls in flight per batch: enough to hide latency, few enough for a small store. */
const CONCURRENCY = 8;

export type CopyCounts = { copied: number; pending: number; abandoned: number; failed: number; batches: number };

type Candidate = Pick<OutputRow, "id" | "key" | "size" | "content_type" | "on_hot" | "created_at">;

export const usersFilter = (users: string[] | undefined) => (users ? Prisma.sql`AND user_id = ANY(${users}::text[])` : Prisma.empty);

/**
 * Copies every uploaded output that has no cold copy yet from the hot bucket to the cold one, verifies the
 * copy's size, then records both placements in one statement per batch. Registrations whose upload never
 * arrived (OutputsConfig.pendingHours) are forgotten. Safe to kill and rerun: a row is marked cold only
 * after its copy checked out, and copying again overwrites the same key with the same bytes.
 */
export async function copyNewOutputs(deps: OutputDeps, options: PolicyOptions = {}): Promise<CopyCounts> {
  const now = options.now ?? new Date();
  const abandonBefore = new Date(now.getTime() - deps.config.pendingHours * HOUR_MS);
  const counts: CopyCounts = { copied: 0, pending: 0, abandoned: 0, failed: 0, batches: 0 };
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const keyset: Prisma.Sql = after ? Prisma.sql`AND (created_at, id) > (${after.createdAt}, ${after.id}::uuid)` : Prisma.empty;
    const rows: Candidate[] = await deps.db.$queryRaw<Candidate[]>`
      SELECT id::text AS id, key, size, content_type, on_hot, created_at FROM generated_outputs
       WHERE on_cold = false ${usersFilter(options.users)} ${keyset}
       ORDER BY created_at, id LIMIT ${deps.config.batch}`;
    if (rows.length === 0) return counts;
    after = { createdAt: rows.at(-1)!.created_at, id: rows.at(-1)!.id };

    const copied: Candidate[] = [];
    const abandoned: string[] = [];
    await runLimited(rows, CONCURRENCY, async (row) => {
      try {
        const size = await storedSize(deps.tiers.hot, row.key);
        if (size === null) {
          if (row.on_hot) {
            deps.log.error({ id: row.id, key: row.key }, "an output marked hot has no hot object and no cold copy");
            counts.failed += 1;
          } else if (row.created_at < abandonBefore) abandoned.push(row.id);
          else counts.pending += 1;
          return;
        }
        if (size === Number(row.size) && (await copyVerified(deps.tiers.hot, deps.tiers.cold, row.key, size, row.content_type))) copied.push(row);
        else {
          deps.log.warn({ id: row.id, key: row.key, expected: Number(row.size), found: size }, "output not copied to cold: sizes differ");
          counts.failed += 1;
        }
      } catch (error) {
        deps.log.warn({ id: row.id, key: row.key, err: error }, "output not copied to cold; the next run retries");
        counts.failed += 1;
      }
    });

    if (copied.length > 0) {
      const marked = await deps.db.$queryRaw<{ id: string }[]>`
        UPDATE generated_outputs SET on_hot = true, on_cold = true, uploaded_at = coalesce(uploaded_at, ${now})
         WHERE id = ANY(${copied.map((r) => r.id)}::uuid[]) RETURNING id::text AS id`;
      counts.copied += marked.length;
      // Deleted while being copied: the delete already ran on both tiers, so this copy is the only thing left.
      const gone = new Set(marked.map((r) => r.id));
      const orphans = copied.filter((r) => !gone.has(r.id)).map((r) => r.key);
      if (orphans.length > 0) await Promise.all([deleteFromTier(deps.tiers.cold, orphans), deleteFromTier(deps.tiers.hot, orphans)]);
    }
    if (abandoned.length > 0) {
      counts.abandoned += await deps.db.$executeRaw`
        DELETE FROM generated_outputs WHERE id = ANY(${abandoned}::uuid[]) AND NOT on_hot AND NOT on_cold`;
    }
    counts.batches += 1;
    await options.onBatch?.({ ...counts });
  }
}
