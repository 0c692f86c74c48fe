import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { jobsQueue, enqueueJob } from "@/lib/jobs/queue";
import { findJob, jobs } from "@/lib/jobs/registry";
import { startWorker } from "@/lib/jobs/worker";
import { startRun, markInterrupted } from "@/lib/jobs/runs";
import { setSetting } from "@/lib/settings/store";

/**
 * A finished run picked by what identifies it (rows newer than a watermark id, its BullMQ job id), never
 * by a clock window or "the latest row": rows earlier runs left in the database cannot be taken for it.
 */
async function waitForRun(where: Prisma.JobRunWhereInput, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const run = await db().jobRun.findFirst({ where: { ...where, status: { not: "running" } }, orderBy: { id: "asc" } });
    if (run) return run;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no finished run matching ${JSON.stringify(where, (_k, v) => (typeof v === "bigint" ? v.toString() : v))} within ${timeoutMs} ms`);
}

async function lastRunId(): Promise<bigint> {
  return (await db().jobRun.aggregate({ _max: { id: true } }))._max.id ?? 0n;
}

const orphanTag = () => `${process.pid}-${Math.random().toString(36).slice(2)}`;

describe("the worker", () => {
  let worker: { close(): Promise<void> };
  beforeAll(async () => {
    await jobsQueue().obliterate({ force: true });
    // A schedule firing mid-test (every minute for the probe) would add runs and samples to what a test
    // counts; pausing the schedules leaves only the runs the tests ask for.
    await setSetting("jobs.paused", jobs.map((j) => j.name), "worker-test");
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await db().setting.deleteMany({ where: { key: "jobs.paused" } });
  });

  test("runs an on-demand job and records start, end, counts and who asked", async () => {
    const sampleMark = (await db().healthSample.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const runMark = await lastRunId();
    const bullJobId = await enqueueJob(findJob("health-probe")!, "tester");
    // BullMQ numbers jobs from 1 again after the queue is obliterated, so earlier runs' rows carry the same
    // ids: only rows newer than the mark can be this one.
    const run = await waitForRun({ bullJobId, id: { gt: runMark } });
    expect(run.job).toBe("health-probe");
    expect(run.status).toBe("succeeded");
    expect(run.trigger).toBe("manual");
    expect(run.requestedBy).toBe("tester");
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    expect(run.counts).toMatchObject({ checked: 5 });
    // Schedules are paused, so the only samples newer than the mark are this run's.
    const samples = await db().healthSample.count({ where: { id: { gt: sampleMark } } });
    expect(samples).toBe(5);
  });

  test("registers a scheduler for every scheduled job", async () => {
    const schedulers = await jobsQueue().getJobSchedulers();
    const scheduled = jobs.filter((j) => j.schedule).map((j) => j.name);
    expect(scheduled).toEqual(expect.arrayContaining(["health-probe", "session-cleanup"]));
    expect(schedulers.map((s) => s.key).sort()).toEqual(scheduled.sort());
  });

  test("a run left 'running' by a killed worker is marked interrupted, not left hanging", async () => {
    const orphan = await startRun({ job: "health-probe", trigger: "schedule", bullJobId: `gone-${orphanTag()}` });
    // Only this row: other rows marked running are not this test's to close.
    expect(await markInterrupted(async () => false, [orphan.id])).toBe(1);
    const row = await db().jobRun.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(row.status).toBe("interrupted");
    expect(row.error).toMatch(/worker stopped/);
    expect(row.finishedAt).not.toBeNull();
  });
});

describe("jobs that run at worker start", () => {
  test("are queued once per start, recorded with trigger 'startup'", async () => {
    const mark = await lastRunId();
    const worker = await startWorker();
    try {
      const run = await waitForRun({ job: "files-default-buckets", trigger: "startup", id: { gt: mark } });
      expect(run.trigger).toBe("startup");
      expect(run.status).toBe("succeeded");
    } finally {
      await worker.close();
    }
  });
});
