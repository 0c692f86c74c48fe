import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { getCollection } from "@/lib/search/collections";
import { queueDueSchedules } from "@/lib/search/job";
import { claimOperation, getOperation } from "@/lib/search/operations";
import { cancelCollectionOperation, createCollection, deleteCollection } from "@/lib/search/service";
import { runOperation } from "@/lib/search/sync";
import { countPoints } from "@/lib/search/vector-store";
import { admin, editor, putText, scratchBucket } from "../files/support";
import { hashVector, startEmbeddingServer } from "./embedding-server";

/**
 * A collection's cron schedule queues a re-sync when it comes due (and only then), and a running sync is
 * cancelled part-way: the documents already indexed stay indexed, the rest stay pending, none is left
 * half-written. The cancel test embeds through a slow OpenAI-compatible server on loopback (1.5 s an
 * answer and one at a time, 16-dimensional vectors from a hash: cheap, and slow enough that the sync is still running
 * when the cancel arrives); the schedule test uses the built-in model.
 */

const run = randomUUID().slice(0, 8);
let bucket: Awaited<ReturnType<typeof scratchBucket>>;
let server: Server;
const names: string[] = [];
let busy: Promise<void> = Promise.resolve();

beforeAll(async () => {
  // One answer at a time, 1.5 s each (a model server with one slot): 40 documents take a minute.
  const started = await startEmbeddingServer((input) => {
    const answer = busy.then(() => new Promise<number[][]>((done) => setTimeout(() => done(input.map(hashVector)), 1500)));
    busy = answer.then(() => undefined);
    return answer;
  });
  server = started.server;
  // env() is read lazily, on first use: this file's OpenAI-compatible provider is the slow server.
  process.env.EMBEDDINGS_OPENAI_URL = started.url;
  bucket = await scratchBucket("search-sched");
  await putText(bucket.name, "sched/a.txt", "The night ferry leaves pier four at eleven.");
  for (let i = 0; i < 40; i += 1) await putText(bucket.name, `cancel/d${String(i).padStart(2, "0")}.txt`, `Document ${i} lists the opening hours of library branch ${i}.`);
});

afterAll(async () => {
  for (const name of names) await deleteCollection(admin, name).catch(() => undefined);
  await bucket.drop();
  server.close();
});

async function runQueued(operationId: string | bigint) {
  const id = BigInt(operationId);
  await claimOperation(id);
  // The logger reads env(): made here, after beforeAll pointed the OpenAI-compatible provider at the server.
  return runOperation(id, logger().child({ test: "search-schedule-cancel" }));
}

describe("a re-sync schedule", () => {
  test("queues a sync when the cron comes due, once, and not before", async () => {
    const name = `t-sched-${run}`;
    names.push(name);
    const { operation } = await createCollection(
      editor,
      { name, description: "", sources: [{ bucket: bucket.name, prefix: "sched/", include: [], exclude: [] }], model: { provider: "builtin", model: "all-MiniLM-L6-v2" }, chunking: { strategy: "paragraph", size: 180, overlap: 30 }, schedule: "*/5 * * * *" },
      "manual",
    );
    expect(await runQueued(operation.id)).toMatchObject({ status: "succeeded", counts: { indexed: 1 } });
    const collection = await getCollection(name);
    const scheduled = () => db().searchOperation.findMany({ where: { collectionId: collection.id, trigger: "schedule" } });

    // Last queued by the schedule at 10:01; at 10:04 the cron (every 5 minutes) has not fired since.
    await db().searchCollection.update({ where: { id: collection.id }, data: { lastScheduledAt: new Date("2026-12-02T10:01:00Z") } });
    await queueDueSchedules(new Date("2026-12-02T10:04:30Z"));
    expect(await scheduled()).toHaveLength(0);

    // At 10:05:10 it has (10:05): one sync queued, by the schedule, and the tick is remembered.
    await queueDueSchedules(new Date("2026-12-02T10:05:10Z"));
    const queued = await scheduled();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: "sync", status: "queued", requestedBy: null });
    expect((await db().searchCollection.findUniqueOrThrow({ where: { id: collection.id } })).lastScheduledAt).toEqual(new Date("2026-12-02T10:05:10Z"));

    // A second tick in the same five minutes queues nothing more.
    await queueDueSchedules(new Date("2026-12-02T10:06:00Z"));
    expect(await scheduled()).toHaveLength(1);

    // The scheduled sync runs like any other: nothing changed, nothing read.
    expect(await runQueued(queued[0]!.id)).toMatchObject({ status: "succeeded", counts: { documents: 0, indexed: 0 } });
  });

  test("a collection without a schedule is never queued by the tick", async () => {
    const name = `t-nosched-${run}`;
    names.push(name);
    const { operation } = await createCollection(
      editor,
      { name, description: "", sources: [{ bucket: bucket.name, prefix: "sched/", include: [], exclude: [] }], model: { provider: "builtin", model: "all-MiniLM-L6-v2" }, chunking: { strategy: "paragraph", size: 180, overlap: 30 }, schedule: null },
      "manual",
    );
    await runQueued(operation.id);
    await queueDueSchedules(new Date(Date.now() + 3_600_000));
    const collection = await getCollection(name);
    expect(await db().searchOperation.count({ where: { collectionId: collection.id, trigger: "schedule" } })).toBe(0);
  });
});

describe("cancelling a running sync", () => {
  test("stops it part-way: indexed documents stay, the rest stay pending, none half-written", async () => {
    const name = `t-cancel-${run}`;
    names.push(name);
    const { operation } = await createCollection(
      editor,
      { name, description: "", sources: [{ bucket: bucket.name, prefix: "cancel/", include: [], exclude: [] }], model: { provider: "openai", model: "slow-hash" }, chunking: { strategy: "paragraph", size: 180, overlap: 30 }, schedule: null },
      "manual",
    );
    const running = runQueued(operation.id);
    void running.catch(() => undefined);
    const id = BigInt(operation.id);
    // Cancel once the first documents are in.
    for (let waited = 0; ((await getOperation(id))?.docsDone ?? 0) < 1; waited += 200) {
      if (waited > 60_000) throw new Error("the sync indexed nothing in a minute");
      await new Promise((r) => setTimeout(r, 200));
    }
    const cancel = await cancelCollectionOperation(editor, name);
    expect(cancel).toMatchObject({ status: "running" });
    const result = await running;
    expect(result.status).toBe("cancelled");

    const collection = await getCollection(name);
    const docs = await db().searchDocument.findMany({ where: { collectionId: collection.id } });
    const indexed = docs.filter((d) => d.status === "indexed");
    expect(docs).toHaveLength(40);
    expect(indexed.length).toBeGreaterThanOrEqual(1);
    expect(indexed.length).toBeLessThan(40);
    expect(docs.filter((d) => d.status !== "indexed").every((d) => d.status === "pending")).toBe(true);
    expect(await countPoints(collection.id, collection.generation)).toBe(indexed.length);
    const op = await getOperation(id);
    expect(op).toMatchObject({ status: "cancelled", docsIndexed: indexed.length });
    const audit = await db().auditEvent.findMany({ where: { target: `collection:${name}`, action: "search.collection.cancel" } });
    expect(audit.map((a) => a.outcome)).toEqual(["success"]);
  }, 120_000);
});
