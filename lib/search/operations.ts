import type { Prisma, SearchOperation } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { conflict, notFound } from "@/lib/http/errors";
import type { Chunking } from "./chunk";
import type { EmbeddingModelRef } from "@/lib/embeddings";

/**
 * Operations (sync, retry, re-index) are rows first: queued in PostgreSQL, then claimed by the search-sync
 * job. One collection runs at most one at a time (checked under the collection row's lock). A worker
 * refreshes `heartbeat_at` while it runs one; a running operation whose heartbeat stopped was cut off
 * (worker killed) and the next claim takes it over, running it again from its start: every phase is
 * idempotent.
 */

export type OperationKind = "sync" | "retry" | "reindex";
export type OperationTrigger = "manual" | "api" | "schedule" | "create";
export type ReindexSettings = { model: EmbeddingModelRef; chunking: Chunking };

export const ACTIVE = ["queued", "running"];
export const HEARTBEAT_MS = 10_000;
/** A running operation silent for this long lost its worker. */
export const STALE_AFTER_MS = 120_000;

export type OperationView = {
  id: string;
  kind: string;
  status: string;
  trigger: string;
  requestedBy: string | null;
  phase: string | null;
  generation: number;
  docsTotal: number;
  docsDone: number;
  docsIndexed: number;
  docsFailed: number;
  docsSkipped: number;
  docsRemoved: number;
  chunks: number;
  error: string | null;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** While running: chunks per second since it started, and seconds left at the current pace. */
  chunksPerSecond: number | null;
  etaSeconds: number | null;
};

export function toOperationView(op: SearchOperation, now = Date.now()): OperationView {
  const elapsed = op.startedAt ? ((op.finishedAt?.getTime() ?? now) - op.startedAt.getTime()) / 1000 : 0;
  const chunksPerSecond = elapsed > 0 ? Math.round((op.chunks / elapsed) * 10) / 10 : null;
  const docsPerSecond = elapsed > 0 ? op.docsDone / elapsed : 0;
  const left = op.docsTotal - op.docsDone;
  return {
    id: op.id.toString(),
    kind: op.kind,
    status: op.status,
    trigger: op.trigger,
    requestedBy: op.requestedBy,
    phase: op.phase,
    generation: op.generation,
    docsTotal: op.docsTotal,
    docsDone: op.docsDone,
    docsIndexed: op.docsIndexed,
    docsFailed: op.docsFailed,
    docsSkipped: op.docsSkipped,
    docsRemoved: op.docsRemoved,
    chunks: op.chunks,
    error: op.error,
    cancelRequested: op.cancelRequested,
    createdAt: op.createdAt.toISOString(),
    startedAt: op.startedAt?.toISOString() ?? null,
    finishedAt: op.finishedAt?.toISOString() ?? null,
    chunksPerSecond: op.status === "running" ? chunksPerSecond : null,
    etaSeconds: op.status === "running" && op.phase === "indexing" && docsPerSecond > 0 && left > 0 ? Math.round(left / docsPerSecond) : null,
  };
}

/**
 * Queues an operation unless one is already queued or running for the collection: a second sync request
 * gets the queued/running sync back (`existing`), anything else a 409 naming what runs.
 */
export async function queueOperation(input: {
  collectionId: string;
  kind: OperationKind;
  trigger: OperationTrigger;
  requestedBy: string | null;
  settings?: ReindexSettings;
}): Promise<{ operation: SearchOperation; existing: boolean }> {
  return db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ generation: number }>>`
      SELECT generation FROM search_collections WHERE id = ${input.collectionId}::uuid FOR UPDATE`;
    const collection = locked[0];
    if (!collection) throw notFound("The collection no longer exists.");
    const active = await tx.searchOperation.findFirst({ where: { collectionId: input.collectionId, status: { in: ACTIVE } }, orderBy: { id: "asc" } });
    if (active) {
      if (active.kind === "sync" && input.kind === "sync") return { operation: active, existing: true };
      throw conflict(`A ${active.kind} of this collection is ${active.status} (operation ${active.id}); wait for it to finish or cancel it.`);
    }
    const operation = await tx.searchOperation.create({
      data: {
        collectionId: input.collectionId,
        kind: input.kind,
        trigger: input.trigger,
        requestedBy: input.requestedBy,
        generation: input.kind === "reindex" ? collection.generation + 1 : collection.generation,
        ...(input.settings ? { settings: input.settings as Prisma.InputJsonValue } : {}),
      },
    });
    return { operation, existing: false };
  });
}

/** Takes the oldest queued operation, or a running one whose worker stopped; null when there is none. */
export async function claimNextOperation(): Promise<bigint | null> {
  const stale = new Date(Date.now() - STALE_AFTER_MS);
  const rows = await db().$queryRaw<Array<{ id: bigint }>>`
    UPDATE search_operations SET status = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now()
    WHERE id = (
      SELECT id FROM search_operations
      WHERE status = 'queued' OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < ${stale}))
      ORDER BY created_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  return rows[0]?.id ?? null;
}

/** Marks a specific operation running now (a takeover asked for by id, e.g. after a worker was killed). */
export async function claimOperation(id: bigint): Promise<void> {
  await db().searchOperation.update({ where: { id }, data: { status: "running", heartbeatAt: new Date() } });
}

export async function heartbeat(id: bigint): Promise<{ cancelRequested: boolean }> {
  const op = await db().searchOperation.update({ where: { id }, data: { heartbeatAt: new Date() }, select: { cancelRequested: true } });
  return op;
}

export async function finishOperation(id: bigint, status: "succeeded" | "failed" | "cancelled", error?: string): Promise<void> {
  await db().searchOperation.updateMany({ where: { id }, data: { status, phase: null, finishedAt: new Date(), error: error ?? null } });
}

/** Cancels the collection's queued or running operation: a queued one at once, a running one at its next document. */
export async function requestCancel(collectionId: string): Promise<SearchOperation> {
  const active = await db().searchOperation.findFirst({ where: { collectionId, status: { in: ACTIVE } } });
  if (!active) throw conflict("Nothing is queued or running for this collection.");
  if (active.status === "queued") {
    return db().searchOperation.update({ where: { id: active.id }, data: { status: "cancelled", finishedAt: new Date(), cancelRequested: true } });
  }
  return db().searchOperation.update({ where: { id: active.id }, data: { cancelRequested: true } });
}

export async function activeOperation(collectionId: string): Promise<SearchOperation | null> {
  return db().searchOperation.findFirst({ where: { collectionId, status: { in: ACTIVE } }, orderBy: { id: "desc" } });
}

export async function recentOperations(collectionId: string, limit = 20): Promise<OperationView[]> {
  const rows = await db().searchOperation.findMany({ where: { collectionId }, orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => toOperationView(r));
}

export async function getOperation(id: bigint): Promise<SearchOperation | null> {
  return db().searchOperation.findUnique({ where: { id } });
}
