import { env } from "@/lib/config/env";
import { defineJob, type JobDefinition } from "@/lib/jobs/definition";
import { defaultModelDeps, type ModelDeps } from "./deps";
import { planIdleDemotions, planLruEvictions, type MoveAsk, type MoveReason } from "./moves";
import { scanColdBucket } from "./registry";
import { runPendingMoves, type RunnerCounts } from "./runner";
import { recordTierSample } from "./stats";
import { sweepFailedCopies } from "./resume";

/** The model tiers' background work. Policies plan in one SQL statement, then run the moves they planned. */

export const modelsMovesJob = defineJob({
  name: "models-moves",
  title: "Move models between tiers",
  description:
    "Runs queued promotions and demotions, and resumes those whose runner stopped (a killed worker): copied parts are never copied again, nor after a failed promotion is retried. Cleans up failed promotions nobody retried within a day. Queued by every promote/demote/resolve; also every 5 minutes and at worker start as a safety net.",
  schedule: () => "*/5 * * * *",
  runAtStart: true,
  async run({ progress }) {
    const deps = defaultModelDeps();
    const counts = await runPendingMoves(deps, {}, (c) => progress(c));
    // Failed promotions nobody retried within a day: their uploads aborted, their copies deleted.
    return { ...counts, failedCopiesCleaned: await sweepFailedCopies(deps) };
  },
});

/** Plans with `plan`, then runs exactly the moves it planned (other runners may take some: they are counted where they ran). */
export async function runPolicy(deps: ModelDeps, plan: () => Promise<bigint[]>, onProgress?: (c: RunnerCounts & { planned: number }) => Promise<void>) {
  const moveIds = await plan();
  const counts = moveIds.length > 0 ? await runPendingMoves(deps, { moveIds }, (c) => onProgress?.({ planned: moveIds.length, ...c }) ?? Promise.resolve()) : null;
  if (!counts) await recordTierSample(deps);
  return { planned: moveIds.length, ...(counts ?? { promoted: 0, demoted: 0, refused: 0, canceled: 0, failed: 0 }) };
}

/** A policy as a job: it plans its moves as this run (the run's page lists what it moved), then runs them. */
function policyJob(
  definition: Omit<JobDefinition, "run">,
  plan: (deps: ModelDeps, ask: MoveAsk) => Promise<bigint[]>,
  reason: Extract<MoveReason, "policy-idle" | "policy-lru">,
): JobDefinition {
  return defineJob({
    ...definition,
    async run({ runId, progress }) {
      const deps = defaultModelDeps();
      return runPolicy(deps, () => plan(deps, { reason, actor: definition.name, policyRunId: runId }), (c) => progress(c));
    },
  });
}

export const modelsIdleDemotionJob = policyJob(
  {
    name: "models-idle-demotion",
    title: "Demote idle models",
    description: "Daily: demotes hot models nobody resolved for MODELS_HOT_MAX_IDLE_DAYS (never pinned ones), after checking each cold copy is complete.",
    schedule: () => env().MODELS_IDLE_DEMOTION_CRON,
  },
  planIdleDemotions,
  "policy-idle",
);

export const modelsLruEvictionJob = policyJob(
  {
    name: "models-lru-eviction",
    title: "Evict least-recently-used models",
    description:
      "When the hot tier holds more than its high watermark, demotes least-recently-used models down to the low watermark — never pinned ones, nor ones accessed within MODELS_IN_USE_WINDOW_MINUTES.",
    schedule: () => env().MODELS_LRU_EVICTION_CRON,
  },
  planLruEvictions,
  "policy-lru",
);

export const modelsScanJob = defineJob({
  name: "models-scan",
  title: "Scan the cold model bucket",
  description: "Registers every <type>/<name>/<version>/ prefix of MODELS_COLD_BUCKET, and updates cold models whose files changed.",
  schedule: () => env().MODELS_SCAN_CRON,
  async run({ progress }) {
    const result = await scanColdBucket(defaultModelDeps(), { onModel: async (r) => (r.models % 100 === 0 ? progress(r) : undefined) });
    return result;
  },
});

export const modelsJobs = [modelsMovesJob, modelsIdleDemotionJob, modelsLruEvictionJob, modelsScanJob];
