import { Prisma } from "@/lib/generated/prisma/client";
import { runLimited } from "@/lib/files/run-limited";
import { usersFilter } from "./copy-to-cold";
import type { OutputDeps, PolicyOptions } from "./deps";
import { deleteFromTier, storedSize } from "./tiers";

const DAY_MS = 86_400_000;
const CONCURRENCY = 16;

export type DemoteCounts = { demoted: number; coldMissing: number; failed: number; batches: number };

type Candidate = { id: string; key: string; size: bigint; hot_since: Date };

/**
 * Deletes the hot copy of every output hot for more than OUTPUTS_HOT_DAYS, only after checking its cold copy
 * is there at full size. One SELECT and one UPDATE per batch (keyset over the (on_hot, hot_since) index);
 * a cold copy that is missing or short is marked not-cold instead, so the copy job makes it again from hot
 * and a later run demotes it. The registry says "not hot" before the object goes, so no download is sent to
 * a copy about to disappear; a delete the store refuses is put back.
 */
export async function demoteHotOutputs(deps: OutputDeps, options: PolicyOptions = {}): Promise<DemoteCounts> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - deps.config.hotDays * DAY_MS);
  const counts: DemoteCounts = { demoted: 0, coldMissing: 0, failed: 0, batches: 0 };
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const keyset: Prisma.Sql = after ? Prisma.sql`AND (hot_since, id) > (${after.at}, ${after.id}::uuid)` : Prisma.empty;
    const rows: Candidate[] = await deps.db.$queryRaw<Candidate[]>`
      SELECT id::text AS id, key, size, hot_since FROM generated_outputs
       WHERE on_hot = true AND hot_since < ${cutoff} AND on_cold ${usersFilter(options.users)} ${keyset}
       ORDER BY hot_since, id LIMIT ${deps.config.batch}`;
    if (rows.length === 0) return counts;
    after = { at: rows.at(-1)!.hot_since, id: rows.at(-1)!.id };

    const verified: string[] = [];
    const short: string[] = [];
    await runLimited(rows, CONCURRENCY, async (row) => {
      try {
        if ((await storedSize(deps.tiers.cold, row.key)) === Number(row.size)) verified.push(row.id);
        else short.push(row.id);
      } catch (error) {
        deps.log.warn({ id: row.id, err: error }, "cold copy could not be checked; the hot copy stays");
        counts.failed += 1;
      }
    });
    if (short.length > 0) {
      deps.log.warn({ outputs: short.length }, "cold copies missing or short: marked for the copy job, hot copies kept");
      counts.coldMissing += await deps.db.$executeRaw`UPDATE generated_outputs SET on_cold = false WHERE id = ANY(${short}::uuid[])`;
    }
    if (verified.length > 0) {
      const demoted = await deps.db.$queryRaw<{ id: string; key: string }[]>`
        UPDATE generated_outputs SET on_hot = false, cold_reads = 0
         WHERE id = ANY(${verified}::uuid[]) AND on_hot AND on_cold RETURNING id::text AS id, key`;
      const refused = await deleteFromTier(deps.tiers.hot, demoted.map((r) => r.key));
      if (refused.size > 0) {
        const back = demoted.filter((r) => refused.has(r.key)).map((r) => r.id);
        await deps.db.$executeRaw`UPDATE generated_outputs SET on_hot = true WHERE id = ANY(${back}::uuid[])`;
        counts.failed += back.length;
      }
      counts.demoted += demoted.length - refused.size;
    }
    counts.batches += 1;
    await options.onBatch?.({ ...counts });
  }
}
