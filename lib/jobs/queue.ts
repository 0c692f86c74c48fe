import { Queue } from "bullmq";
import { queueConnection } from "@/lib/redis/client";
import { unavailable } from "@/lib/http/errors";
import type { JobDefinition } from "./definition";
import type { JobTrigger } from "./runs";

export const QUEUE_NAME = "strata-jobs";

export type QueuedJobData = { job: string; trigger: JobTrigger; requestedBy?: string };

const holder = globalThis as unknown as { strataQueue?: Queue<QueuedJobData> };

export function jobsQueue(): Queue<QueuedJobData> {
  holder.strataQueue ??= new Queue<QueuedJobData>(QUEUE_NAME, {
    connection: queueConnection(),
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: "exponential", delay: 10_000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    },
  });
  return holder.strataQueue;
}

/** Queues one on-demand run. The run itself is recorded by the worker when it starts. */
export async function enqueueJob(job: JobDefinition, requestedBy: string): Promise<string> {
  try {
    const queued = await jobsQueue().add(job.name, { job: job.name, trigger: "manual", requestedBy });
    return queued.id ?? "";
  } catch (error) {
    throw unavailable(`Could not queue the job: Redis is not answering (${error instanceof Error ? error.message : error}).`);
  }
}

/** Queues one run of each job that asks to run when a worker starts (e.g. creating the default buckets). */
export async function enqueueStartupRuns(jobs: JobDefinition[]): Promise<void> {
  for (const job of jobs.filter((j) => j.runAtStart)) {
    await jobsQueue().add(job.name, { job: job.name, trigger: "startup" });
  }
}

/** Makes BullMQ's schedulers match the registry: one per scheduled job, none for removed ones. */
export async function syncSchedules(jobs: JobDefinition[]): Promise<void> {
  const queue = jobsQueue();
  const wanted = new Set<string>();
  for (const job of jobs) {
    if (!job.schedule) continue;
    wanted.add(job.name);
    await queue.upsertJobScheduler(job.name, { pattern: job.schedule() }, { name: job.name, data: { job: job.name, trigger: "schedule" } });
  }
  for (const scheduler of await queue.getJobSchedulers()) {
    if (scheduler.key && !wanted.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
  }
}
