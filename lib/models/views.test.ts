import { expect, test } from "vitest";
import type { ModelMove } from "@/lib/generated/prisma/client";
import { isInUse, leavesHotAt, toMoveView } from "./views";

const day = 86_400_000;
const now = new Date("2026-12-02T12:00:00Z");

test("a hot, unpinned model leaves hot idle-days after its last access or its arrival, whichever is later", () => {
  const hotSince = new Date(now.getTime() - 10 * day);
  expect(leavesHotAt({ state: "hot", pinned: false, hotSince, lastAccessAt: null }, 30)).toEqual(new Date(hotSince.getTime() + 30 * day));
  const lastAccessAt = new Date(now.getTime() - 2 * day);
  expect(leavesHotAt({ state: "hot", pinned: false, hotSince, lastAccessAt }, 30)).toEqual(new Date(lastAccessAt.getTime() + 30 * day));
  expect(leavesHotAt({ state: "hot", pinned: true, hotSince, lastAccessAt }, 30)).toBeNull();
  expect(leavesHotAt({ state: "cold", pinned: false, hotSince: null, lastAccessAt }, 30)).toBeNull();
});

test("in use means accessed within the window", () => {
  const clock = { now, maxIdleDays: 30, inUseWindowMinutes: 60 };
  expect(isInUse(null, clock)).toBe(false);
  expect(isInUse(new Date(now.getTime() - 59 * 60_000), clock)).toBe(true);
  expect(isInUse(new Date(now.getTime() - 61 * 60_000), clock)).toBe(false);
});

test("rate and ETA count only this attempt's bytes", () => {
  const move = {
    id: 7n,
    modelId: "m",
    kind: "promote",
    status: "running",
    reason: "request",
    actor: "svc",
    policyRunId: null,
    bytesTotal: 1000n,
    bytesDone: 600n,
    bytesAtStart: 400n,
    createdAt: new Date(now.getTime() - 60_000),
    startedAt: new Date(now.getTime() - 60_000),
    attemptAt: new Date(now.getTime() - 10_000),
    finishedAt: null,
    leaseUntil: null,
    attempts: 2,
    error: null,
    waitFor: [],
    details: {},
  } satisfies ModelMove;
  const view = toMoveView(move, now);
  expect(view.rateBytesPerSecond).toBe(20);
  expect(view.etaSeconds).toBe(20);
  expect(toMoveView({ ...move, status: "succeeded", finishedAt: now }, now)).toMatchObject({ rateBytesPerSecond: null, etaSeconds: null, durationMs: 60_000 });
});
