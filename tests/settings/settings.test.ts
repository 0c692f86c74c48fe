import type { Job } from "bullmq";
import { afterEach, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { QueuedJobData } from "@/lib/jobs/queue";
import { executeQueuedJob } from "@/lib/jobs/worker";
import { getSetting, setSetting } from "@/lib/settings/store";

// executeQueuedJob only reads a queued job's id and data; the rest of BullMQ's Job is not involved.
const queued = (data: QueuedJobData, id: string) => ({ id, data }) as unknown as Job<QueuedJobData>;

afterEach(async () => {
  await db().setting.deleteMany({ where: { key: { in: ["jobs.paused", "console.banner"] } } });
});

describe("settings", () => {
  test("unset settings read as their defaults", async () => {
    expect(await getSetting("console.banner")).toBe("");
    expect(await getSetting("jobs.paused")).toEqual([]);
  });

  test("values are validated before they are stored, and who stored them is kept", async () => {
    await expect(setSetting("console.banner", "x".repeat(501), "tester")).rejects.toThrow();
    await expect(setSetting("jobs.paused", ["Not A Job!"], "tester")).rejects.toThrow();
    expect(await db().setting.count({ where: { key: { in: ["console.banner", "jobs.paused"] } } })).toBe(0);
    await setSetting("console.banner", "  Maintenance at 22:00  ", "tester");
    expect(await getSetting("console.banner")).toBe("Maintenance at 22:00");
    expect((await db().setting.findUniqueOrThrow({ where: { key: "console.banner" } })).updatedBy).toBe("tester");
  });

  test("a value that no longer fits its schema reads as the default instead of breaking pages", async () => {
    await db().setting.create({ data: { key: "jobs.paused", value: { not: "a list" } } });
    expect(await getSetting("jobs.paused")).toEqual([]);
  });

  test("a paused job's scheduled runs are skipped, but an on-demand run still happens", async () => {
    await setSetting("jobs.paused", ["session-cleanup"], "tester");
    const before = new Date();
    await executeQueuedJob(queued({ job: "session-cleanup", trigger: "schedule" }, `paused-${Date.now()}`));
    expect(await db().jobRun.count({ where: { job: "session-cleanup", startedAt: { gte: before } } })).toBe(0);
    await executeQueuedJob(queued({ job: "session-cleanup", trigger: "manual", requestedBy: "tester" }, `manual-${Date.now()}`));
    const run = await db().jobRun.findFirstOrThrow({ where: { job: "session-cleanup", startedAt: { gte: before } } });
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", requestedBy: "tester" });
  });
});
