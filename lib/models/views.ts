import type { Model, ModelMove } from "@/lib/generated/prisma/client";
import type { ModelState, ModelView, MoveView } from "./schemas";

/** Registry rows as the API and the console show them: pure, so "leaves hot in", "in use", rate and ETA are unit-tested. */

const DAY_MS = 86_400_000;
const ACTIVE = new Set(["queued", "running", "canceling"]);

export type PolicyClock = { now: Date; maxIdleDays: number; inUseWindowMinutes: number };

export function isActiveMove(status: string): boolean {
  return ACTIVE.has(status);
}

export function isInUse(lastAccessAt: Date | null, clock: PolicyClock): boolean {
  return lastAccessAt !== null && clock.now.getTime() - lastAccessAt.getTime() < clock.inUseWindowMinutes * 60_000;
}

/** When the idle policy will demote a hot model nobody touches: idle days after its last access or its arrival on hot, whichever is later. */
export function leavesHotAt(model: Pick<Model, "state" | "pinned" | "lastAccessAt" | "hotSince">, maxIdleDays: number): Date | null {
  if (model.state !== "hot" || model.pinned || !model.hotSince) return null;
  const since = Math.max(model.hotSince.getTime(), model.lastAccessAt?.getTime() ?? 0);
  return new Date(since + maxIdleDays * DAY_MS);
}

export function toMoveView(move: ModelMove, now: Date): MoveView {
  const done = Number(move.bytesDone);
  const total = Number(move.bytesTotal);
  let rate: number | null = null;
  let eta: number | null = null;
  if (move.status === "running" && move.attemptAt) {
    const seconds = (now.getTime() - move.attemptAt.getTime()) / 1000;
    const moved = done - Number(move.bytesAtStart);
    if (seconds > 0 && moved > 0) {
      rate = moved / seconds;
      eta = Math.max(0, (total - done) / rate);
    }
  }
  const start = move.startedAt ?? move.createdAt;
  return {
    id: move.id.toString(),
    modelId: move.modelId,
    kind: move.kind as MoveView["kind"],
    status: move.status as MoveView["status"],
    reason: move.reason,
    actor: move.actor,
    bytesTotal: total,
    bytesDone: done,
    rateBytesPerSecond: rate,
    etaSeconds: eta,
    createdAt: move.createdAt.toISOString(),
    startedAt: move.startedAt?.toISOString() ?? null,
    finishedAt: move.finishedAt?.toISOString() ?? null,
    durationMs: move.finishedAt ? move.finishedAt.getTime() - start.getTime() : null,
    error: move.error,
  };
}

export function toModelView(model: Model, activeMove: ModelMove | null, clock: PolicyClock): ModelView {
  return {
    id: model.id,
    type: model.type,
    name: model.name,
    version: model.version,
    prefix: model.prefix,
    state: model.state as ModelState,
    pinned: model.pinned,
    fileCount: model.fileCount,
    totalBytes: Number(model.totalBytes),
    lastAccessAt: model.lastAccessAt?.toISOString() ?? null,
    accessCount: Number(model.accessCount),
    hotSince: model.hotSince?.toISOString() ?? null,
    createdAt: model.createdAt.toISOString(),
    inUse: isInUse(model.lastAccessAt, clock),
    leavesHotAt: leavesHotAt(model, clock.maxIdleDays)?.toISOString() ?? null,
    activeMove: activeMove ? toMoveView(activeMove, clock.now) : null,
  };
}
