import type { Caller } from "@/lib/auth/caller";
import { authorize } from "@/lib/auth/mutate";
import { recentRuns, type JobRunView } from "@/lib/jobs/runs";
import { defaultOutputDeps, type OutputDeps } from "./deps";

/** The admin overview: what each tier holds, who holds it, how it grows, and what the policy jobs did. */

export type TierTotals = { count: number; bytes: number };
export type UserTotals = { userId: string; count: number; bytes: number; hotBytes: number; coldBytes: number; lastCreatedAt: string };
export type DayGrowth = { day: string; count: number; bytes: number };

export type OutputsOverview = {
  tiers: { hot: TierTotals; cold: TierTotals; both: TierTotals; hotOnly: TierTotals; coldOnly: TierTotals; pending: TierTotals };
  users: UserTotals[];
  growth: DayGrowth[];
  runs: JobRunView[];
  settings: { hotDays: number; repromoteAccesses: number; hotBucket: string; coldBucket: string };
};

const JOBS = ["outputs-copy", "outputs-demote", "outputs-repromote", "outputs-sweep"];
const GROWTH_DAYS = 30;

type Num = bigint | number | null;
const n = (v: Num) => Number(v ?? 0);

export async function outputsOverview(caller: Caller, deps: OutputDeps = defaultOutputDeps(), now: Date = new Date()): Promise<OutputsOverview> {
  await authorize(caller, { action: "outputs.overview.read", target: "outputs:*", role: "admin" });
  const [t] = await deps.db.$queryRaw<Record<string, Num>[]>`
    SELECT count(*) FILTER (WHERE on_hot) AS hot_n, sum(size) FILTER (WHERE on_hot) AS hot_b,
           count(*) FILTER (WHERE on_cold) AS cold_n, sum(size) FILTER (WHERE on_cold) AS cold_b,
           count(*) FILTER (WHERE on_hot AND on_cold) AS both_n, sum(size) FILTER (WHERE on_hot AND on_cold) AS both_b,
           count(*) FILTER (WHERE on_hot AND NOT on_cold) AS hot_only_n, sum(size) FILTER (WHERE on_hot AND NOT on_cold) AS hot_only_b,
           count(*) FILTER (WHERE on_cold AND NOT on_hot) AS cold_only_n, sum(size) FILTER (WHERE on_cold AND NOT on_hot) AS cold_only_b,
           count(*) FILTER (WHERE NOT on_hot AND NOT on_cold) AS pending_n, sum(size) FILTER (WHERE NOT on_hot AND NOT on_cold) AS pending_b
      FROM generated_outputs`;
  const totals = (key: string): TierTotals => ({ count: n(t?.[`${key}_n`] ?? 0), bytes: n(t?.[`${key}_b`] ?? 0) });
  const users = await deps.db.$queryRaw<{ user_id: string; count: Num; bytes: Num; hot_bytes: Num; cold_bytes: Num; last_created_at: Date }[]>`
    SELECT user_id, count(*) AS count, sum(size) AS bytes, sum(size) FILTER (WHERE on_hot) AS hot_bytes,
           sum(size) FILTER (WHERE on_cold) AS cold_bytes, max(created_at) AS last_created_at
      FROM generated_outputs WHERE on_hot OR on_cold GROUP BY user_id ORDER BY bytes DESC LIMIT 50`;
  const since = new Date(now.getTime() - (GROWTH_DAYS - 1) * 86_400_000);
  const growth = await deps.db.$queryRaw<{ day: string; count: Num; bytes: Num }[]>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, count(o.id) AS count, coalesce(sum(o.size), 0) AS bytes
      FROM generate_series(date_trunc('day', ${since}::timestamptz AT TIME ZONE 'UTC'), date_trunc('day', ${now}::timestamptz AT TIME ZONE 'UTC'), interval '1 day') AS d(day)
      LEFT JOIN generated_outputs o ON o.created_at >= d.day AT TIME ZONE 'UTC' AND o.created_at < (d.day + interval '1 day') AT TIME ZONE 'UTC'
     GROUP BY d.day ORDER BY d.day`;
  const runs = (await Promise.all(JOBS.map((job) => recentRuns({ job, limit: 5 })))).flat().sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return {
    tiers: { hot: totals("hot"), cold: totals("cold"), both: totals("both"), hotOnly: totals("hot_only"), coldOnly: totals("cold_only"), pending: totals("pending") },
    users: users.map((u) => ({ userId: u.user_id, count: n(u.count), bytes: n(u.bytes), hotBytes: n(u.hot_bytes), coldBytes: n(u.cold_bytes), lastCreatedAt: u.last_created_at.toISOString() })),
    growth: growth.map((g) => ({ day: g.day, count: n(g.count), bytes: n(g.bytes) })),
    runs,
    settings: { hotDays: deps.config.hotDays, repromoteAccesses: deps.config.repromoteAccesses, hotBucket: deps.config.hotBucket, coldBucket: deps.config.coldBucket },
  };
}
