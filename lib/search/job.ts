import { CronExpressionParser } from "cron-parser";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { defineJob } from "@/lib/jobs/definition";
import { enqueueJob } from "@/lib/jobs/queue";
import { logger } from "@/lib/log/logger";
import { claimNextOperation, queueOperation } from "./operations";
import { runOperation } from "./sync";

/**
 * The worker side of search: each run queues the syncs whose schedule came due, then runs queued
 * operations (and takes over ones a stopped worker left) until none is left, reporting documents and
 * chunks so far to its job_runs row every few seconds (visible at /admin/jobs). Two workers, or two runs of
 * one worker, share the work: each operation is claimed by exactly one (SKIP LOCKED).
 */

export const searchSyncJob = defineJob({
  name: "search-sync",
  title: "Sync search collections",
  description:
    "Runs queued collection syncs, retries and re-indexes (list the sources, remove deleted files, extract, chunk, embed and index new or changed ones), takes over operations a stopped worker left, and queues scheduled re-syncs.",
  schedule: () => env().SEARCH_SYNC_CRON,
  async run({ log, progress }) {
    const counts = { scheduled: await queueDueSchedules(), operations: 0, succeeded: 0, failed: 0, cancelled: 0, documents: 0, chunks: 0 };
    for (;;) {
      const id = await claimNextOperation();
      if (id === null) break;
      const result = await runOperation(id, log.child({ operation: id.toString() }), (c) =>
        progress({ ...counts, documents: counts.documents + (c.documents ?? 0), chunks: counts.chunks + (c.chunks ?? 0) }),
      );
      counts.operations += 1;
      counts[result.status] += 1;
      counts.documents += result.counts.documents ?? 0;
      counts.chunks += result.counts.chunks ?? 0;
      await progress(counts);
    }
    return counts;
  },
});

/** Asks the worker to run queued operations now rather than at the next tick; the row is already durable. */
export async function wakeSearchWorker(requestedBy: string): Promise<void> {
  try {
    await enqueueJob(searchSyncJob, requestedBy);
  } catch (error) {
    // The operation is queued in PostgreSQL; the scheduled tick will run it once Redis answers.
    logger().warn({ err: error }, "could not wake the search worker; the next scheduled tick runs the operation");
  }
}

/** Queues a sync for each collection whose cron fired since it was last queued by schedule. */
export async function queueDueSchedules(now = new Date()): Promise<number> {
  const collections = await db().searchCollection.findMany({ where: { schedule: { not: null } } });
  let queued = 0;
  for (const c of collections) {
    const due = CronExpressionParser.parse(c.schedule!, { currentDate: now }).prev().toDate();
    const since = c.lastScheduledAt ?? c.createdAt;
    if (due <= since) continue;
    await db().searchCollection.update({ where: { id: c.id }, data: { lastScheduledAt: now } });
    try {
      const { existing } = await queueOperation({ collectionId: c.id, kind: "sync", trigger: "schedule", requestedBy: null });
      if (!existing) queued += 1;
    } catch {
      // Something else (a retry, a re-index) is running: this schedule tick is skipped, the next one tries again.
    }
  }
  return queued;
}
