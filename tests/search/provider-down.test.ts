import type { Server } from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { embeddingProvider } from "@/lib/embeddings";
import { logger } from "@/lib/log/logger";
import { getCollection } from "@/lib/search/collections";
import { claimOperation } from "@/lib/search/operations";
import { createCollection, deleteCollection, syncCollection } from "@/lib/search/service";
import { runOperation } from "@/lib/search/sync";
import { admin, editor, putText, scratchBucket } from "../files/support";
import { startEmbeddingServer } from "./embedding-server";
import { allPoints, documentsByKey } from "./support";

/**
 * An OpenAI-compatible embedding server that goes down in the middle of a sync: the operation fails with a
 * message naming the provider, no document is failed, lost or half-indexed, and the next sync (server back
 * up) finishes the job. The server is a real HTTP service speaking POST /v1/embeddings, answering with the
 * built-in model, so the vectors are real; `failAfter` makes it refuse requests from a given one on.
 */

const run = randomUUID().slice(0, 8);
const name = `t-down-${run}`;
let bucket: Awaited<ReturnType<typeof scratchBucket>>;
let server: Server;
let served = 0;
let failAfter = Infinity;

beforeAll(async () => {
  const started = await startEmbeddingServer((input) => {
    served += 1;
    if (served > failAfter) return { status: 503, message: "model is loading" };
    return embeddingProvider({ provider: "builtin", model: "all-MiniLM-L6-v2" }).embed(input);
  });
  server = started.server;
  // env() is read lazily, on first use (nothing before this line reads it: the logger is made in the test),
  // so this file's provider points at the server.
  process.env.EMBEDDINGS_OPENAI_URL = started.url;

  bucket = await scratchBucket("search-down");
  for (let i = 0; i < 12; i += 1) await putText(bucket.name, `docs/d${i}.txt`, `Document ${i} describes the ferry timetable for pier ${i}.`);
});

afterAll(async () => {
  await deleteCollection(admin, name).catch(() => undefined);
  await bucket.drop();
  server.close();
});

test("the provider goes down mid-sync: the sync fails clearly, nothing is half-indexed, the next sync completes", async () => {
  failAfter = 6; // dimensions() takes one request, then five documents get through
  const { operation } = await createCollection(
    editor,
    { name, description: "", sources: [{ bucket: bucket.name, prefix: "docs/", include: [], exclude: [] }], model: { provider: "openai", model: "minilm" }, chunking: { strategy: "paragraph", size: 180, overlap: 30 }, schedule: null },
    "manual",
  );
  await claimOperation(BigInt(operation.id));
  const log = logger().child({ test: "search-provider-down" });
  const failed = await runOperation(BigInt(operation.id), log);
  expect(failed.status).toBe("failed");
  expect(failed.error).toMatch(/embedding|503|provider/i);

  const collection = await getCollection(name);
  let docs = Object.values(await documentsByKey(collection.id));
  expect(docs.filter((d) => d.status === "indexed")).toHaveLength(5);
  expect(docs.filter((d) => d.status === "pending")).toHaveLength(7);
  expect(docs.filter((d) => d.status === "failed")).toHaveLength(0);
  let points = await allPoints(collection.id, collection.generation);
  expect(new Set(points.map((p) => p.payload.key)).size).toBe(5);

  failAfter = Infinity;
  const { operation: again } = await syncCollection(editor, name);
  await claimOperation(BigInt(again.id));
  expect(await runOperation(BigInt(again.id), log)).toMatchObject({ status: "succeeded", counts: { indexed: 7 } });
  docs = Object.values(await documentsByKey(collection.id));
  expect(docs.every((d) => d.status === "indexed" && d.attempts === 1)).toBe(true);
  points = await allPoints(collection.id, collection.generation);
  expect(points).toHaveLength(12);
});
