import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { getCollection } from "@/lib/search/collections";
import { claimOperation } from "@/lib/search/operations";
import { createCollection, deleteCollection, searchCollections, syncCollection } from "@/lib/search/service";
import { runOperation } from "@/lib/search/sync";
import { countPoints } from "@/lib/search/vector-store";
import { admin, editor, putText, scratchBucket, viewer } from "../files/support";
import { hashVector, startEmbeddingServer } from "./embedding-server";

/**
 * A prefix of 5,000 files through a real sync (SeaweedFS, PostgreSQL, the vector store): listing 5 pages of
 * 1,000 keys, one row each, documents indexed side by side and written in groups, one point each, found by
 * a search; then a resync with nothing changed reads no file. What is proven is the pipeline at that size,
 * not the model (the built-in model's vectors are tested in lib/embeddings and tests/search/sync.test.ts),
 * so the files are one sentence each and embed through an OpenAI-compatible server on loopback answering
 * hash vectors: the model's ~5,000 inferences were most of this test's CPU, and CI runs it on 2 cores.
 */

const FILES = 5000;
const run = randomUUID().slice(0, 8);
const name = `t-large-${run}`;
let bucket: Awaited<ReturnType<typeof scratchBucket>>;
let server: Server;
// Made on use: the logger reads env(), which must first see beforeAll's EMBEDDINGS_OPENAI_URL.
const log = () => logger().child({ test: "search-large-prefix" });
const topics = ["ferry timetable", "heat pump", "tax return", "bicycle repair", "sourdough bread", "tidal energy", "chess opening", "garden compost"];

async function runQueued(operationId: string) {
  const id = BigInt(operationId);
  await claimOperation(id);
  return runOperation(id, log());
}

beforeAll(async () => {
  const started = await startEmbeddingServer((input) => input.map(hashVector));
  server = started.server;
  // env() is read lazily, on first use: this file's OpenAI-compatible provider is the loopback server.
  process.env.EMBEDDINGS_OPENAI_URL = started.url;
  bucket = await scratchBucket("search-large");
  const keys = Array.from({ length: FILES }, (_, i) => i);
  // 32 uploads at a time.
  for (let i = 0; i < keys.length; i += 32) {
    await Promise.all(keys.slice(i, i + 32).map((n) => putText(bucket.name, `many/${String(n).padStart(5, "0")}.txt`, `Note ${n} is about the ${topics[n % topics.length]} of district ${n % 97}.`)));
  }
}, 600_000);

afterAll(async () => {
  await deleteCollection(admin, name).catch(() => undefined);
  await bucket.drop();
  server.close();
}, 600_000);

test(
  "5,000 files are indexed once (one point each), and a resync with nothing changed reads no file",
  async () => {
    const { operation } = await createCollection(editor, { name, description: "", sources: [{ bucket: bucket.name, prefix: "many/", include: [], exclude: [] }], model: { provider: "openai", model: "hash" }, chunking: { strategy: "paragraph", size: 180, overlap: 30 }, schedule: null }, "manual");
    const started = performance.now();
    const first = await runQueued(operation.id);
    const seconds = (performance.now() - started) / 1000;
    log().info({ seconds, chunksPerSecond: FILES / seconds }, "5,000-file sync");
    expect(first).toMatchObject({ status: "succeeded", counts: { documents: FILES, indexed: FILES, failed: 0, skipped: 0, chunks: FILES } });

    const collection = await getCollection(name);
    expect(await countPoints(collection.id, collection.generation)).toBe(FILES);
    const byStatus = await db().searchDocument.groupBy({ by: ["status"], where: { collectionId: collection.id }, _count: true });
    expect(byStatus).toEqual([{ status: "indexed", _count: FILES }]);
    // Keyword mode: hash vectors carry no meaning, the BM25 side finds the files by their words.
    const hits = await searchCollections(viewer, { query: "sourdough bread", collections: [name], mode: "keyword", fusion: "dbsf", limit: 5 });
    expect(hits.results).toHaveLength(5);
    expect(hits.results.every((r) => r.snippet.includes("sourdough bread"))).toBe(true);

    // Nothing changed: the listing marks no row pending, so no object is read and no document re-indexed.
    const again = await syncCollection(editor, name);
    const second = await runQueued(again.operation.id);
    expect(second).toMatchObject({ status: "succeeded", counts: { documents: 0, indexed: 0, removed: 0, chunks: 0 } });
    const attempts = await db().searchDocument.groupBy({ by: ["attempts"], where: { collectionId: collection.id }, _count: true });
    expect(attempts).toEqual([{ attempts: 1, _count: FILES }]);
    expect(await countPoints(collection.id, collection.generation)).toBe(FILES);
  },
  900_000,
);
