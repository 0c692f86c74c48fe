import type { Caller } from "@/lib/auth/caller";
import { authorize, mutate } from "@/lib/auth/mutate";
import { badRequest, conflict, notFound } from "@/lib/http/errors";
import { db } from "@/lib/db/client";
import {
  documentCounts,
  getCollection,
  insertCollection,
  listCollectionRecords,
  listDocuments,
  saveCollectionSettings,
  type CollectionRecord,
  type DocumentCounts,
  type DocumentStatus,
} from "./collections";
import { evaluateCollection, listEvalRuns, saveEvalRun } from "./evaluate";
import { wakeSearchWorker } from "./job";
import type { JudgedQuery } from "./judgments";
import { activeOperation, queueOperation, recentOperations, requestCancel, toOperationView, type OperationTrigger, type OperationView } from "./operations";
import { runSearch, type SearchResponse } from "./query";
import type { CreateCollectionInput, SearchRequest, UpdateCollectionInput } from "./schemas";
import { dropCollection } from "./vector-store";

/**
 * What the console and /api/v1 do with collections on someone's behalf. Roles are checked here, inside the
 * capability: viewers search and read, editors create, edit, sync, retry and cancel, admins delete. Every
 * change is audited with its outcome.
 */

export type { Caller };

const target = (name: string) => `collection:${name}`;
const who = (caller: Caller) => caller.actor.username || caller.actor.id;

export type CollectionState = "empty" | "queued" | "syncing" | "ready" | "failed";

export type CollectionSummary = CollectionRecord & {
  counts: DocumentCounts;
  state: CollectionState;
  operation: OperationView | null;
  lastOperation: OperationView | null;
};

function stateOf(active: OperationView | null, last: OperationView | null): CollectionState {
  if (active) return active.status === "queued" ? "queued" : "syncing";
  if (!last) return "empty";
  return last.status === "failed" ? "failed" : "ready";
}

async function summarise(records: CollectionRecord[]): Promise<CollectionSummary[]> {
  const counts = await documentCounts(records.map((r) => r.id));
  const latest = await db().searchOperation.findMany({
    where: { collectionId: { in: records.map((r) => r.id) } },
    orderBy: { id: "desc" },
    distinct: ["collectionId"],
  });
  const active = await db().searchOperation.findMany({ where: { collectionId: { in: records.map((r) => r.id) }, status: { in: ["queued", "running"] } } });
  return records.map((r) => {
    const a = active.find((o) => o.collectionId === r.id);
    const l = latest.find((o) => o.collectionId === r.id);
    const operation = a ? toOperationView(a) : null;
    const lastOperation = l ? toOperationView(l) : null;
    return { ...r, counts: counts.get(r.id)!, state: stateOf(operation, lastOperation), operation, lastOperation };
  });
}

export async function listCollections(caller: Caller): Promise<CollectionSummary[]> {
  await authorize(caller, { role: "viewer", action: "search.collection.list", target: "collection:*" });
  return summarise(await listCollectionRecords());
}

export async function describeCollection(caller: Caller, name: string): Promise<CollectionSummary & { operations: OperationView[] }> {
  await authorize(caller, { role: "viewer", action: "search.collection.read", target: target(name) });
  const [summary] = await summarise([await getCollection(name)]);
  return { ...summary!, operations: await recentOperations(summary!.id) };
}

export async function collectionDocuments(
  caller: Caller,
  name: string,
  options: { status?: DocumentStatus | undefined; cursor?: string | undefined; limit: number },
) {
  await authorize(caller, { role: "viewer", action: "search.collection.read", target: target(name) });
  const collection = await getCollection(name);
  return listDocuments(collection.id, options);
}

async function queue(caller: Caller, collection: CollectionRecord, kind: "sync" | "retry", trigger: OperationTrigger) {
  const result = await queueOperation({ collectionId: collection.id, kind, trigger, requestedBy: who(caller) });
  if (!result.existing) await wakeSearchWorker(who(caller));
  return { operation: toOperationView(result.operation), existing: result.existing };
}

export function createCollection(caller: Caller, input: CreateCollectionInput, trigger: OperationTrigger) {
  return mutate(
    caller,
    { role: "editor", action: "search.collection.create", target: target(input.name) },
    async () => {
      const collection = await insertCollection(input, { id: caller.actor.id, name: caller.actor.name });
      const { operation } = await queue(caller, collection, "sync", trigger === "api" ? "api" : "create");
      return { collection, operation };
    },
    (r) => ({ id: r.collection.id, sources: r.collection.sources.map((s) => `s3://${s.bucket}/${s.prefix}`), model: `${r.collection.model.provider}:${r.collection.model.model}` }),
  );
}

/** Saves settings; a new model or chunking queues a re-index into a new generation (search keeps answering from the old one). */
export function updateCollection(caller: Caller, name: string, input: UpdateCollectionInput) {
  return mutate(
    caller,
    { role: "editor", action: "search.collection.update", target: target(name) },
    async () => {
      const current = await getCollection(name);
      if (input.model || input.chunking) {
        const active = await activeOperation(current.id);
        if (active) throw conflict(`A ${active.kind} is ${active.status}; change the model or chunking once it has finished, or cancel it.`);
      }
      const { collection, reindex } = await saveCollectionSettings(current, input);
      if (!reindex) return { collection, operation: null };
      const result = await queueOperation({
        collectionId: collection.id,
        kind: "reindex",
        trigger: "manual",
        requestedBy: who(caller),
        settings: { model: input.model ?? current.model, chunking: input.chunking ?? current.chunking },
      });
      await wakeSearchWorker(who(caller));
      return { collection, operation: toOperationView(result.operation) };
    },
    (r) => ({ changed: Object.keys(input), reindex: r.operation?.id ?? null }),
  );
}

export function syncCollection(caller: Caller, name: string, trigger: OperationTrigger = "manual") {
  return mutate(
    caller,
    { role: "editor", action: "search.collection.sync", target: target(name) },
    async () => queue(caller, await getCollection(name), "sync", trigger),
    (r) => ({ operation: r.operation.id, existing: r.existing }),
  );
}

export function retryFailedDocuments(caller: Caller, name: string) {
  return mutate(
    caller,
    { role: "editor", action: "search.collection.retry", target: target(name) },
    async () => {
      const collection = await getCollection(name);
      const failed = await db().searchDocument.count({ where: { collectionId: collection.id, status: "failed" } });
      if (failed === 0) throw badRequest("No document of this collection has failed; there is nothing to retry.");
      return { ...(await queue(caller, collection, "retry", "manual")), failed };
    },
    (r) => ({ operation: r.operation.id, failed: r.failed }),
  );
}

export function cancelCollectionOperation(caller: Caller, name: string) {
  return mutate(
    caller,
    { role: "editor", action: "search.collection.cancel", target: target(name) },
    async () => toOperationView(await requestCancel((await getCollection(name)).id)),
    (r) => ({ operation: r.id, status: r.status }),
  );
}

/** Deletes the collection, its vectors (every generation and the alias) and its rows; the bucket's files stay. */
export function deleteCollection(caller: Caller, name: string) {
  return mutate(
    caller,
    { role: "admin", action: "search.collection.delete", target: target(name) },
    async () => {
      const collection = await getCollection(name);
      await db().searchOperation.updateMany({ where: { collectionId: collection.id, status: { in: ["queued", "running"] } }, data: { cancelRequested: true } });
      await dropCollection(collection.name, collection.id);
      await db().searchCollection.delete({ where: { id: collection.id } });
      return { id: collection.id };
    },
    (r) => ({ id: r.id }),
  );
}

/** Searches the named collections, or all of them. Not audited: it changes nothing. */
export async function searchCollections(caller: Caller, request: SearchRequest): Promise<SearchResponse> {
  await authorize(caller, { role: "viewer", action: "search.query", target: "collection:*" });
  const all = await listCollectionRecords();
  let chosen = all;
  if (request.collections) {
    const missing = request.collections.filter((n) => !all.some((c) => c.name === n));
    if (missing.length) throw notFound(`No collection named ${missing.map((m) => `"${m}"`).join(", ")}.`);
    chosen = all.filter((c) => request.collections!.includes(c.name));
  }
  if (chosen.length === 0) return { results: [], mode: request.mode, tookMs: 0, timings: { embedMs: 0, queryMs: 0 } };
  return runSearch(request, chosen);
}

/** Runs judged queries in every mode and keeps the run, to compare after a settings change. */
export function runEvaluation(caller: Caller, name: string, input: { label: string; queries: JudgedQuery[] }) {
  return mutate(
    caller,
    { role: "editor", action: "search.collection.evaluate", target: target(name) },
    async () => {
      const collection = await getCollection(name);
      const result = await evaluateCollection(collection, input.queries);
      const run = await saveEvalRun(collection, input.label, who(caller), result);
      return { id: run.id.toString(), ...result };
    },
    (r) => ({ run: r.id, queries: input.queries.length, hybridNdcg10: r.summary.hybrid.ndcg10 }),
  );
}

export async function evaluationRuns(caller: Caller, name: string) {
  await authorize(caller, { role: "viewer", action: "search.collection.read", target: target(name) });
  return listEvalRuns((await getCollection(name)).id);
}
