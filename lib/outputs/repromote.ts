import { Prisma } from "@/lib/generated/prisma/client";
import { runLimited } from "@/lib/files/run-limited";
import { usersFilter } from "./copy-to-cold";
import type { OutputDeps, PolicyOptions } from "./deps";
import { copyVerified, deleteFromTier } from "./tiers";

const CONCURRENCY = 8;

export type RepromoteCounts = { promoted: number; failed: number; batches: number };

type Candidate = { id: string; key: string; size: bigint; content_type: string };

/**
 * Copies back to hot every cold-only output read OUTPUTS_REPROMOTE_ACCESSES times since it left hot. The
 * copy is verified before the row says hot (and its week on hot starts again); one SELECT over the
 * (on_hot, cold_reads) index and one UPDATE per batch.
 */
export async function repromoteOutputs(deps: OutputDeps, options: PolicyOptions = {}): Promise<RepromoteCounts> {
  const now = options.now ?? new Date();
  const counts: RepromoteCounts = { promoted: 0, failed: 0, batches: 0 };
  let after: string | null = null;
  for (;;) {
    const keyset: Prisma.Sql = after ? Prisma.sql`AND id > ${after}::uuid` : Prisma.empty;
    const rows: Candidate[] = await deps.db.$queryRaw<Candidate[]>`
      SELECT id::text AS id, key, size, content_type FROM generated_outputs
       WHERE on_hot = false AND cold_reads >= ${deps.config.repromoteAccesses} AND on_cold ${usersFilter(options.users)} ${keyset}
       ORDER BY id LIMIT ${deps.config.batch}`;
    if (rows.length === 0) return counts;
    after = rows.at(-1)!.id;

    const copied: Candidate[] = [];
    await runLimited(rows, CONCURRENCY, async (row) => {
      try {
        if (await copyVerified(deps.tiers.cold, deps.tiers.hot, row.key, Number(row.size), row.content_type)) copied.push(row);
        else counts.failed += 1;
      } catch (error) {
        deps.log.warn({ id: row.id, err: error }, "output not copied back to hot; the next run retries");
        counts.failed += 1;
      }
    });
    if (copied.length > 0) {
      const promoted = await deps.db.$queryRaw<{ id: string }[]>`
        UPDATE generated_outputs SET on_hot = true, hot_since = ${now}, cold_reads = 0
         WHERE id = ANY(${copied.map((r) => r.id)}::uuid[]) AND NOT on_hot RETURNING id::text AS id`;
      counts.promoted += promoted.length;
      const kept = new Set(promoted.map((r) => r.id));
      const others = copied.filter((r) => !kept.has(r.id));
      if (others.length > 0) {
        // Promoted by a concurrent run (its copy is the same bytes; keep it) or deleted meanwhile (the
        // delete already ran on both tiers, so this copy would be left behind unrecorded: remove it).
        const present = await deps.db.$queryRaw<{ id: string }[]>`
          SELECT id::text AS id FROM generated_outputs WHERE id = ANY(${others.map((r) => r.id)}::uuid[])`;
        const still = new Set(present.map((r) => r.id));
        const stray = others.filter((r) => !still.has(r.id)).map((r) => r.key);
        if (stray.length > 0) await deleteFromTier(deps.tiers.hot, stray);
      }
    }
    counts.batches += 1;
    await options.onBatch?.({ ...counts });
  }
}
