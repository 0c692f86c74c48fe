import type { Logger } from "pino";

export type JobCounts = Record<string, number>;

export type JobContext = {
  runId: bigint;
  log: Logger;
  /** Records progress so far; the admin page shows it while the run is going. */
  progress(counts: JobCounts): Promise<void>;
};

/**
 * A background job. `run` must be safe to kill at any point and to run again: work in batches that each
 * commit, and make every batch idempotent, because BullMQ will hand a stalled run to another worker.
 */
export type JobDefinition = {
  name: string;
  title: string;
  description: string;
  /** Cron pattern (minute resolution) for scheduled runs; absent for on-demand-only jobs. */
  schedule?: () => string;
  /** Also run once whenever a worker starts, for work a fresh install must not wait a schedule for. Must be idempotent. */
  runAtStart?: boolean;
  run(context: JobContext): Promise<JobCounts>;
};

export function defineJob(definition: JobDefinition): JobDefinition {
  if (!/^[a-z0-9-]+$/.test(definition.name)) throw new Error(`job name ${definition.name} must be kebab-case`);
  return definition;
}
