import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { jobsQueue, enqueueJob } from "@/lib/jobs/queue";
import { findJob, jobs } from "@/lib/jobs/registry";
import { startWorker } from "@/lib/jobs/worker";
import { startRun, markInterrupted } from "@/lib/jobs/runs";
import { setSetting } from "@/lib/settings/store";

async function waitForRun(job: string, trigger: string, after: Date, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const run = await db().jobRun.findFirst({ where: { job, trigger, startedAt: { gte: after }, status: { not: "running" } }, orderBy: { id: "desc" } });
    if (run) return run;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no finished run of ${job} within ${timeoutMs} ms`);
}

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
    const before = new Date();
    await enqueueJob(findJob("health-probe")!, "tester");
    const run = await waitForRun("health-probe", "manual", before);
    expect(run.status).toBe("succeeded");
    expect(run.trigger).toBe("manual");
    expect(run.requestedBy).toBe("tester");
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    expect(run.counts).toMatchObject({ checked: 5 });
    const samples = await db().healthSample.count({ where: { at: { gte: before } } });
    expect(samples).toBe(5);
  });

  test("registers a scheduler for every scheduled job", async () => {
    const schedulers = await jobsQueue().getJobSchedulers();
    const scheduled = jobs.filter((j) => j.schedule).map((j) => j.name);
    expect(scheduled).toEqual(expect.arrayContaining(["health-probe", "session-cleanup"]));
    expect(schedulers.map((s) => s.key).sort()).toEqual(scheduled.sort());
  });

  test("a run left 'running' by a killed worker is marked interrupted, not left hanging", async () => {
    const orphan = await startRun({ job: "health-probe", trigger: "schedule", bullJobId: "gone-123" });
    await markInterrupted(async () => false);
    const row = await db().jobRun.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(row.status).toBe("interrupted");
    expect(row.error).toMatch(/worker stopped/);
    expect(row.finishedAt).not.toBeNull();
  });
});

describe("jobs that run at worker start", () => {
  test("are queued once per start, recorded with trigger 'startup'", async () => {
    const before = new Date();
    const worker = await startWorker();
    try {
      const run = await waitForRun("files-default-buckets", "startup", before);
      expect(run.trigger).toBe("startup");
      expect(run.status).toBe("succeeded");
    } finally {
      await worker.close();
    }
  });
});
