import type { Job } from "bullmq";
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { QueuedJobData } from "@/lib/jobs/queue";
import { executeQueuedJob } from "@/lib/jobs/worker";
import { getSetting, setSetting } from "@/lib/settings/store";

// executeQueuedJob only reads a queued job's id and data; the rest of BullMQ's Job is not involved.
const queued = (data: QueuedJobData, id: string) => ({ id, data }) as unknown as Job<QueuedJobData>;

// Settings are one row per key, shared by everything in this database: each test starts and ends without
// them, so a value an interrupted earlier run left behind cannot change what a test reads.
const clear = () => db().setting.deleteMany({ where: { key: { in: ["jobs.paused", "console.banner"] } } });
beforeEach(clear);
afterEach(clear);

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
    // Runs are found by the queued job's own id, never by a time window another run could fall into.
    const tag = randomUUID();
    await executeQueuedJob(queued({ job: "session-cleanup", trigger: "schedule" }, `paused-${tag}`));
    expect(await db().jobRun.count({ where: { bullJobId: `paused-${tag}` } })).toBe(0);
    await executeQueuedJob(queued({ job: "session-cleanup", trigger: "manual", requestedBy: "tester" }, `manual-${tag}`));
    const run = await db().jobRun.findFirstOrThrow({ where: { bullJobId: `manual-${tag}` } });
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", requestedBy: "tester" });
  });
});
