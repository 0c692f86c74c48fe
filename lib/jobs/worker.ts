import { Worker, type Job } from "bullmq";
import { logger } from "@/lib/log/logger";
import { getSetting } from "@/lib/settings/store";
import { queueConnection } from "@/lib/redis/client";
import { QUEUE_NAME, enqueueStartupRuns, jobsQueue, syncSchedules, type QueuedJobData } from "./queue";
import { findJob, jobs } from "./registry";
import { finishRun, markInterrupted, startRun, updateRunCounts } from "./runs";

/** Executes one queued job and records the run (start, end, counts, error) whatever happens. */
export async function executeQueuedJob(job: Job<QueuedJobData>): Promise<void> {
  const definition = findJob(job.data.job);
  if (!definition) throw new Error(`No job named ${job.data.job} in this build`);
  const log = logger().child({ job: definition.name, bullJobId: job.id });
  if (job.data.trigger === "schedule" && (await getSetting("jobs.paused")).includes(definition.name)) {
    log.info("scheduled run skipped: the job is paused");
    return;
  }
  const run = await startRun({
    job: definition.name,
    trigger: job.data.trigger,
    ...(job.data.requestedBy ? { requestedBy: job.data.requestedBy } : {}),
    ...(job.id ? { bullJobId: job.id } : {}),
  });
  log.info({ runId: run.id.toString() }, "job started");
  try {
    const counts = await definition.run({ runId: run.id, log, progress: (c) => updateRunCounts(run.id, c) });
    await finishRun(run.id, { status: "succeeded", counts });
    log.info({ runId: run.id.toString(), counts }, "job succeeded");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(run.id, { status: "failed", error: message });
    log.error({ runId: run.id.toString(), err: error }, "job failed");
    throw error;
  }
}

export async function startWorker(): Promise<{ close(): Promise<void> }> {
  await syncSchedules(jobs);
  await enqueueStartupRuns(jobs);
  const queue = jobsQueue();
  const isActive = async (id: string) => (await queue.getJob(id))?.isActive() ?? false;
  const interrupted = await markInterrupted(isActive);
  if (interrupted > 0) logger().warn({ interrupted }, "marked runs left by a stopped worker as interrupted");

  const worker = new Worker<QueuedJobData>(QUEUE_NAME, executeQueuedJob, {
    connection: queueConnection(),
    concurrency: 2,
    lockDuration: 60_000,
  });
  worker.on("error", (error) => logger().error({ err: error }, "worker error"));
  logger().info({ jobs: jobs.map((j) => j.name) }, "worker started");
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
