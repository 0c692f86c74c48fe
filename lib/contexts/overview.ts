import { hasRole, type Principal } from "@/lib/auth/roles";
import { recentRuns, type JobRunView } from "@/lib/jobs/runs";
import { defaultContextDeps } from "./deps";
import type { HotStats } from "./hot-tier";
import { createdPerDay, hotStats, storageSizes, tierSamples, tierTotals, type DayCount, type StorageSizes, type TierSample, type TierTotals } from "./stats";
import { contextStore } from "./store";

/** Everything the contexts overview page shows; people who are not admins get their own numbers only. */
export type ContextsOverview = {
  scope: "everyone" | "own";
  totals: TierTotals;
  /** Redis's view of the hot tier (admins), or null when Redis does not answer. */
  hot: HotStats | null;
  storage: StorageSizes | null;
  samples: TierSample[];
  createdPerDay: DayCount[];
  runs: JobRunView[];
  settings: { hotTtlSeconds: number; recacheTtlSeconds: number; warmDays: number; coldDays: number; purgeExport: boolean; exportBucket: string };
};

export async function contextsOverview(viewer: Principal): Promise<ContextsOverview> {
  const { db, config } = defaultContextDeps();
  const settings = {
    hotTtlSeconds: config.hotTtlSeconds,
    recacheTtlSeconds: config.recacheTtlSeconds,
    warmDays: config.warmDays,
    coldDays: config.coldDays,
    purgeExport: config.purgeExport,
    exportBucket: config.exportBucket,
  };
  if (!hasRole(viewer, "admin")) {
    const [totals, perDay] = await Promise.all([tierTotals(db, viewer.id), createdPerDay(db, 30, viewer.id)]);
    return { scope: "own", totals, hot: null, storage: null, samples: [], createdPerDay: perDay, runs: [], settings };
  }
  const [totals, hot, storage, samples, perDay, archiveRuns, purgeRuns] = await Promise.all([
    tierTotals(db),
    hotStats(contextStore().hot),
    storageSizes(db),
    tierSamples(db),
    createdPerDay(db),
    recentRuns({ job: "contexts-archive", limit: 5 }),
    recentRuns({ job: "contexts-purge", limit: 5 }),
  ]);
  const runs = [...archiveRuns, ...purgeRuns].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return { scope: "everyone", totals, hot, storage, samples, createdPerDay: perDay, runs, settings };
}
