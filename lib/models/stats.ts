import type { ModelDeps } from "./deps";

/** Bytes and counts per tier: now (the dashboard's figures) and over time (samples recorded after moves and policy runs). */

export type TierTotals = {
  hot: { count: number; bytes: number };
  /** Being copied to hot: their bytes are reserved on the hot tier. */
  promoting: { count: number; bytes: number };
  demoting: { count: number; bytes: number };
  /** Every registered model: the cold tier holds them all. */
  cold: { count: number; bytes: number };
};

export async function tierTotals(deps: Pick<ModelDeps, "db">): Promise<TierTotals> {
  const rows = await deps.db.$queryRaw<{ state: string; count: number; bytes: number }[]>`
    SELECT state, count(*)::int AS count, coalesce(sum(total_bytes), 0)::float8 AS bytes FROM models GROUP BY state`;
  const of = (state: string) => rows.find((r) => r.state === state) ?? { count: 0, bytes: 0 };
  const pick = (state: string) => ({ count: of(state).count, bytes: of(state).bytes });
  return {
    hot: pick("hot"),
    promoting: pick("promoting"),
    demoting: pick("demoting"),
    cold: { count: rows.reduce((n, r) => n + r.count, 0), bytes: rows.reduce((n, r) => n + r.bytes, 0) },
  };
}

export type TierSample = { at: string; hotBytes: number; coldBytes: number; hotCount: number; coldCount: number };

/** One sample of the tiers' sizes; what is being demoted still occupies the hot tier. */
export async function recordTierSample(deps: Pick<ModelDeps, "db" | "clock">): Promise<void> {
  const t = await tierTotals(deps);
  await deps.db.modelTierSample.create({
    data: {
      at: deps.clock(),
      hotCount: t.hot.count + t.demoting.count,
      hotBytes: BigInt(t.hot.bytes + t.demoting.bytes),
      coldCount: t.cold.count,
      coldBytes: BigInt(t.cold.bytes),
    },
  });
}

export async function tierSamples(deps: Pick<ModelDeps, "db">, days = 30): Promise<TierSample[]> {
  const rows = await deps.db.modelTierSample.findMany({ where: { at: { gte: new Date(Date.now() - days * 86_400_000) } }, orderBy: { at: "asc" }, take: 2000 });
  return rows.map((r) => ({ at: r.at.toISOString(), hotBytes: Number(r.hotBytes), coldBytes: Number(r.coldBytes), hotCount: r.hotCount, coldCount: r.coldCount }));
}
