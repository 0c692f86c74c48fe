import { recentRuns, type JobRunView } from "@/lib/jobs/runs";
import type { Caller } from "@/lib/auth/caller";
import { authorize } from "@/lib/auth/mutate";
import { watermarks, type Watermarks } from "./capacity";
import { withCapacity, type CapacitySource } from "./capacity-setting";
import { defaultModelDeps, type ModelDeps } from "./deps";
import { previewEviction, type EvictionPreview } from "./moves";
import { countModels, listModelsPage, type ModelFilter } from "./registry";
import type { ModelView, MoveView } from "./schemas";
import { tierSamples, tierTotals, type TierSample, type TierTotals } from "./stats";
import { toMoveView } from "./views";

/** Everything the models dashboard shows, read in one place so the page stays a thin renderer. */

export type PolicyRun = JobRunView & { moves: MoveView[] };

export type ModelsOverview = {
  watermarks: Watermarks;
  /** Where the capacity comes from (an admin's setting or the environment), and the environment's own numbers. */
  capacity: CapacitySource & { environment: { capacityBytes: number; highWatermarkPercent: number; lowWatermarkPercent: number } };
  totals: TierTotals;
  samples: TierSample[];
  models: ModelView[];
  /** The next page of the table (null: this is the last), and how many models match the filter. */
  nextCursor: string | null;
  matching: number;
  moving: MoveView[];
  eviction: EvictionPreview;
  policyRuns: PolicyRun[];
  settings: { maxIdleDays: number; inUseWindowMinutes: number; hotBucket: string; coldBucket: string };
};

export const POLICY_JOBS = ["models-idle-demotion", "models-lru-eviction"] as const;

async function policyRuns(deps: ModelDeps): Promise<PolicyRun[]> {
  const runs = (await Promise.all(POLICY_JOBS.map((job) => recentRuns({ job, limit: 5 })))).flat().sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const moves = await deps.db.modelMove.findMany({ where: { policyRunId: { in: runs.map((r) => BigInt(r.id)) } }, orderBy: { id: "asc" }, take: 500 });
  const now = deps.clock();
  return runs.map((r) => ({ ...r, moves: moves.filter((m) => m.policyRunId?.toString() === r.id).map((m) => toMoveView(m, now)) }));
}

export async function modelsOverview(caller: Caller, filter: ModelFilter & { cursor?: string }, deps = defaultModelDeps()): Promise<ModelsOverview> {
  await authorize(caller, { role: "viewer", action: "models.overview", target: "model:*" });
  const now = deps.clock();
  const { cursor, ...where } = filter;
  const [effective, totals, samples, page, matching, moving, eviction, runs] = await Promise.all([
    withCapacity(deps, deps.db),
    tierTotals(deps),
    tierSamples(deps),
    listModelsPage(deps, where, cursor),
    countModels(deps, where),
    deps.db.modelMove.findMany({ where: { status: { in: ["queued", "running", "canceling"] } }, orderBy: { id: "asc" }, take: 50 }),
    previewEviction(deps),
    policyRuns(deps),
  ]);
  return {
    watermarks: watermarks(effective.config),
    capacity: {
      ...effective.capacitySource,
      environment: {
        capacityBytes: deps.config.hotCapacityBytes,
        highWatermarkPercent: Math.round(deps.config.highWatermark * 1000) / 10,
        lowWatermarkPercent: Math.round(deps.config.lowWatermark * 1000) / 10,
      },
    },
    totals,
    samples,
    models: page.models,
    nextCursor: page.nextCursor,
    matching,
    moving: moving.map((m) => toMoveView(m, now)),
    eviction,
    policyRuns: runs,
    settings: {
      maxIdleDays: deps.config.maxIdleDays,
      inUseWindowMinutes: deps.config.inUseWindowMinutes,
      hotBucket: deps.config.hotBucket,
      coldBucket: deps.config.coldBucket,
    },
  };
}
