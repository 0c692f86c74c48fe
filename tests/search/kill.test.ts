import { spawn } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { getCollection } from "@/lib/search/collections";
import { chunkPointId } from "@/lib/search/point-ids";
import { claimOperation } from "@/lib/search/operations";
import { createCollection, deleteCollection, syncCollection } from "@/lib/search/service";
import { runOperation } from "@/lib/search/sync";
import { admin, editor, putText, scratchBucket } from "../files/support";
import { allPoints, documentsByKey } from "./support";

/**
 * kill -9 in the middle of a resync whose documents all got shorter (so each needs its surplus chunks
 * removed), then run it again: every document indexed once, exactly the current chunks in the index —
 * no duplicate, no orphan of the longer versions.
 */

const run = randomUUID().slice(0, 8);
const name = `t-kill-${run}`;
const FILES = 30;
let bucket: Awaited<ReturnType<typeof scratchBucket>>;
const log = logger().child({ test: "search-kill" });

const topics = ["harbour cranes", "glacier melt", "violin making", "sourdough starters", "satellite orbits", "bee keeping"];
function text(i: number, paragraphs: number): string {
  return Array.from({ length: paragraphs }, (_, p) => `Paragraph ${p} of file ${i} is about ${topics[(i + p) % topics.length]}, written plainly so that it makes one short chunk of text.`).join("\n\n");
}

beforeAll(async () => {
  bucket = await scratchBucket("search-kill");
  for (let i = 0; i < FILES; i += 1) await putText(bucket.name, `docs/file-${String(i).padStart(3, "0")}.txt`, text(i, 6));
  const { operation } = await createCollection(
    editor,
    { name, description: "", sources: [{ bucket: bucket.name, prefix: "docs/", include: [], exclude: [] }], model: { provider: "builtin", model: "all-MiniLM-L6-v2" }, chunking: { strategy: "paragraph", size: 24, overlap: 0 }, schedule: null },
    "manual",
  );
  await claimOperation(BigInt(operation.id));
  expect((await runOperation(BigInt(operation.id), log)).status).toBe("succeeded");
});

afterAll(async () => {
  await deleteCollection(admin, name).catch(() => undefined);
  await bucket.drop();
});

test("a resync killed part-way and run again leaves no duplicate and no orphan", async () => {
  const collection = await getCollection(name);
  const first = await documentsByKey(collection.id);
  expect(Object.values(first).every((d) => d.status === "indexed" && d.chunks === 6)).toBe(true);

  for (let i = 0; i < FILES; i += 1) await putText(bucket.name, `docs/file-${String(i).padStart(3, "0")}.txt`, text(i, 3));
  const { operation } = await syncCollection(editor, name);
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "support-bin/run-operation-child.ts"), operation.id], {
    env: { ...process.env, LOG_LEVEL: "silent" },
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Kill once a few documents are done: some new versions written, the rest still long.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const op = await db().searchOperation.findUniqueOrThrow({ where: { id: BigInt(operation.id) } });
    if (op.docsDone >= 4 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill("SIGKILL");
  await exited;

  const mid = await documentsByKey(collection.id);
  const done = Object.values(mid).filter((d) => d.status === "indexed" && d.chunks === 3).length;
  expect(done).toBeGreaterThanOrEqual(4);
  expect(done).toBeLessThan(FILES);
  const killed = await db().searchOperation.findUniqueOrThrow({ where: { id: BigInt(operation.id) } });
  expect(killed.status).toBe("running");

  // The takeover (what the next search-sync tick does with an operation whose heartbeat stopped).
  await claimOperation(killed.id);
  expect((await runOperation(killed.id, log)).status).toBe("succeeded");

  const docs = await documentsByKey(collection.id);
  expect(Object.values(docs).every((d) => d.status === "indexed" && d.chunks === 3)).toBe(true);
  const points = await allPoints(collection.id, collection.generation);
  const expected = Object.values(docs).flatMap((d) => [0, 1, 2].map((c) => chunkPointId(collection.id, bucket.name, d.key, c)));
  expect(points.map((p) => p.id).sort()).toEqual(expected.sort());
  for (const p of points) expect(p.payload.etag).toBe(docs[p.payload.key as string]!.doneEtag);
});
