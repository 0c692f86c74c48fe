import { Prisma } from "@/lib/generated/prisma/client";
import type { ContextDeps } from "./deps";
import type { HotStats, HotTier } from "./hot-tier";
import type { Sql } from "./pg-tiers";

/** Sizes of the tiers now and over time, for the overview page and the tier samples the archive job records. */

export type TierTotals = { warm: { count: number; bytes: number }; cold: { count: number; bytes: number } };

/** Contexts and message bytes per PostgreSQL tier, for everyone or for one user. */
export async function tierTotals(q: Sql, userId?: string): Promise<TierTotals> {
  const where = userId === undefined ? Prisma.empty : Prisma.sql`WHERE user_id = ${userId}`;
  const [row] = await q.$queryRaw<{ warm_count: bigint; warm_bytes: bigint; cold_count: bigint; cold_bytes: bigint }[]>`
    SELECT w.count AS warm_count, w.bytes AS warm_bytes, c.count AS cold_count, c.bytes AS cold_bytes
      FROM (SELECT count(*) AS count, coalesce(sum(bytes), 0)::bigint AS bytes FROM user_contexts ${where}) w,
           (SELECT count(*) AS count, coalesce(sum(bytes), 0)::bigint AS bytes FROM user_contexts_archive ${where}) c`;
  return {
    warm: { count: Number(row!.warm_count), bytes: Number(row!.warm_bytes) },
    cold: { count: Number(row!.cold_count), bytes: Number(row!.cold_bytes) },
  };
}

export type StorageSizes = { warmTableBytes: number; coldTableBytes: number; messagesTableBytes: number };

/** On-disk size of each table with its indexes and TOAST (messages of both tiers share one table). */
export async function storageSizes(q: Sql): Promise<StorageSizes> {
  const [row] = await q.$queryRaw<{ warm: bigint; cold: bigint; messages: bigint }[]>`
    SELECT pg_total_relation_size('user_contexts') AS warm, pg_total_relation_size('user_contexts_archive') AS cold,
           pg_total_relation_size('user_context_messages') AS messages`;
  return { warmTableBytes: Number(row!.warm), coldTableBytes: Number(row!.cold), messagesTableBytes: Number(row!.messages) };
}

/** Redis's view of the hot tier, or null while Redis does not answer. */
export async function hotStats(hot: HotTier): Promise<HotStats | null> {
  try {
    return await hot.stats();
  } catch {
    return null;
  }
}

export async function recordTierSample(deps: Pick<ContextDeps, "db">, hot: HotTier): Promise<void> {
  const [totals, redis] = await Promise.all([tierTotals(deps.db), hotStats(hot)]);
  await deps.db.userContextTierSample.create({
    data: {
      hotCount: redis?.count ?? 0,
      warmCount: totals.warm.count,
      warmBytes: totals.warm.bytes,
      coldCount: totals.cold.count,
      coldBytes: totals.cold.bytes,
      redisBytes: redis?.usedMemoryBytes ?? 0,
    },
  });
}

export type TierSample = { at: string; hot: number; warm: number; cold: number; warmBytes: number; coldBytes: number };

export async function tierSamples(q: Pick<ContextDeps["db"], "userContextTierSample">, days = 30): Promise<TierSample[]> {
  const rows = await q.userContextTierSample.findMany({
    where: { at: { gte: new Date(Date.now() - days * 86_400_000) } },
    orderBy: { at: "asc" },
  });
  return rows.map((r) => ({
    at: r.at.toISOString(),
    hot: r.hotCount,
    warm: Number(r.warmCount),
    cold: Number(r.coldCount),
    warmBytes: Number(r.warmBytes),
    coldBytes: Number(r.coldBytes),
  }));
}

export type DayCount = { day: string; count: number };

/** Contexts created on each of the last `days` days (UTC, today included, zeros too), whichever tier they are in now. */
export async function createdPerDay(q: Sql, days = 30, userId?: string): Promise<DayCount[]> {
  const user = userId === undefined ? Prisma.empty : Prisma.sql`AND user_id = ${userId}`;
  const rows = await q.$queryRaw<{ day: string; count: bigint }[]>`
    WITH span AS (
      SELECT generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${days - 1}::int),
                             date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS day
    ), created AS (
      SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day FROM user_contexts
       WHERE created_at >= (SELECT min(day) FROM span) AT TIME ZONE 'UTC' ${user}
      UNION ALL
      SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') FROM user_contexts_archive
       WHERE created_at >= (SELECT min(day) FROM span) AT TIME ZONE 'UTC' ${user}
    )
    SELECT to_char(span.day, 'YYYY-MM-DD') AS day, count(created.day) AS count
      FROM span LEFT JOIN created ON created.day = span.day GROUP BY span.day ORDER BY span.day`;
  return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
}
