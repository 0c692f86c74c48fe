import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import type { JobCounts } from "./definition";

export type JobTrigger = "schedule" | "manual" | "startup";
export type JobRunStatus = "running" | "succeeded" | "failed" | "interrupted";

export async function startRun(input: { job: string; trigger: JobTrigger; requestedBy?: string; bullJobId?: string }) {
  if (input.bullJobId) {
    // BullMQ hands a stalled job (its worker was killed) to another worker under the same id: the earlier
    // attempt's row can never finish, so it is closed here rather than left "running" forever.
    await db().jobRun.updateMany({
      where: { bullJobId: input.bullJobId, status: "running" },
      data: { status: "interrupted", finishedAt: new Date(), error: "The worker stopped before the run finished; it was retried." },
    });
  }
  return db().jobRun.create({
    data: {
      job: input.job,
      trigger: input.trigger,
      status: "running" satisfies JobRunStatus,
      requestedBy: input.requestedBy ?? null,
      bullJobId: input.bullJobId ?? null,
    },
  });
}

export async function updateRunCounts(id: bigint, counts: JobCounts) {
  await db().jobRun.update({ where: { id }, data: { counts: counts as Prisma.InputJsonValue } });
}

export async function finishRun(id: bigint, outcome: { status: Exclude<JobRunStatus, "running">; counts?: JobCounts; error?: string }) {
  await db().jobRun.update({
    where: { id },
    data: {
      status: outcome.status,
      finishedAt: new Date(),
      ...(outcome.counts ? { counts: outcome.counts as Prisma.InputJsonValue } : {}),
      error: outcome.error ?? null,
    },
  });
}

export type JobRunView = {
  id: string;
  job: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  counts: JobCounts | null;
  error: string | null;
  requestedBy: string | null;
};

export async function recentRuns(options: { job?: string; limit?: number } = {}): Promise<JobRunView[]> {
  const rows = await db().jobRun.findMany({
    where: options.job ? { job: options.job } : {},
    orderBy: { startedAt: "desc" },
    take: Math.min(options.limit ?? 50, 500),
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    job: r.job,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
    counts: (r.counts as JobCounts | null) ?? null,
    error: r.error,
    requestedBy: r.requestedBy,
  }));
}

/**
 * Runs marked running whose BullMQ job is no longer active were cut off (worker killed); say so. `only`
 * limits it to those rows (tests, which must not close runs they did not start).
 */
export async function markInterrupted(isStillActive: (bullJobId: string) => Promise<boolean>, only?: bigint[]): Promise<number> {
  const running = await db().jobRun.findMany({ where: { status: "running", ...(only ? { id: { in: only } } : {}) } });
  let marked = 0;
  for (const run of running) {
    if (run.bullJobId && (await isStillActive(run.bullJobId))) continue;
    await finishRun(run.id, { status: "interrupted", error: "The worker stopped before the run finished; it is retried automatically." });
    marked += 1;
  }
  return marked;
}
