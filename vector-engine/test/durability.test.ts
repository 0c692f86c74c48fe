/**
 * Durability: a write acknowledged with wait=true survives kill -9; a torn record at the
 * end of the log is cut off on restart (and only that record); snapshots replace the log.
 */
import { appendFile, readdir, stat, truncate } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectContractHonoured, setupEngine } from "./harness";

const h = setupEngine({ args: ["--compact-mb", "1", "--flush-interval-ms", "50"] });

const walOf = (name: string) => path.join(h.engine.dataDir, "collections", name, "wal.log");
const vec = (i: number, dim = 8) => Array.from({ length: dim }, (_, j) => Math.sin(i * 7 + j));

async function seed(name: string, from: number, to: number, dim = 8) {
  const points = [];
  for (let i = from; i < to; i++) points.push({ id: i, vector: vec(i, dim), payload: { n: i, even: i % 2 === 0 } });
  const res = await h.client.upsert(name, { wait: true, points });
  expect(res.status).toBe("completed");
}

describe("durability", () => {
  it("keeps every wait=true write across kill -9", async () => {
    await h.client.createCollection("crash", { vectors: { size: 8, distance: "Dot" } });
    await h.client.createPayloadIndex("crash", { field_name: "n", field_schema: "integer", wait: true });
    for (let b = 0; b < 5; b++) await seed("crash", b * 40, b * 40 + 40);
    await h.client.setPayload("crash", { wait: true, points: [7], payload: { marked: true } });
    await h.client.delete("crash", { wait: true, points: [13, 14] });
    await h.client.updateCollectionAliases({ actions: [{ create_alias: { collection_name: "crash", alias_name: "crash-alias" } }] });

    h.engine.kill9();
    await h.engine.restart();

    expect((await h.client.count("crash")).count).toBe(198);
    const [p7] = await h.client.retrieve("crash", { ids: [7], with_vector: true });
    expect(p7?.payload).toEqual({ n: 7, even: false, marked: true });
    (p7?.vector as number[]).forEach((x, j) => expect(x).toBeCloseTo(vec(7)[j]!, 6));
    expect(await h.client.retrieve("crash", { ids: [13, 14] })).toEqual([]);
    expect((await h.client.getCollection("crash-alias")).payload_schema.n?.data_type).toBe("integer");
    const q = vec(123);
    const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
    const expected = Array.from({ length: 200 }, (_, i) => i)
      .filter((i) => i !== 13 && i !== 14)
      .sort((a, b) => dot(q, vec(b)) - dot(q, vec(a)))
      .slice(0, 5);
    const best = await h.client.query("crash", { query: q, limit: 5 });
    expect(best.points.map((p) => p.id)).toEqual(expected);
  });

  it("cuts a torn record off the end of the log and keeps everything before it", async () => {
    await h.client.createCollection("torn", { vectors: { size: 8, distance: "Cosine" } });
    await seed("torn", 0, 50);
    const before = (await stat(walOf("torn"))).size;
    await seed("torn", 50, 60);
    const after = (await stat(walOf("torn"))).size;
    expect(after).toBeGreaterThan(before);

    // the last record written only in part: as if the machine died during the write
    h.engine.kill9();
    await truncate(walOf("torn"), after - 7);
    await h.engine.restart();
    expect((await h.client.count("torn")).count).toBe(50);
    expect((await stat(walOf("torn"))).size).toBe(before);
    expect(h.engine.log()).toMatch(/dropping torn tail/);

    // garbage after a complete log loses nothing
    await seed("torn", 60, 70);
    const complete = (await stat(walOf("torn"))).size;
    h.engine.kill9();
    await appendFile(walOf("torn"), Buffer.from([0x2a, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]));
    await h.engine.restart();
    expect((await h.client.count("torn")).count).toBe(60);
    expect((await stat(walOf("torn"))).size).toBe(complete);
    const ids = (await h.client.scroll("torn", { limit: 100, with_payload: false })).points.map((p) => p.id);
    expect(ids).toEqual([...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 60 + i)]);
  });

  it("snapshots a large log and restores from snapshot plus log", async () => {
    await h.client.createCollection("big", { vectors: { size: 256, distance: "Euclid" } });
    for (let b = 0; b < 6; b++) await seed("big", b * 250, b * 250 + 250, 256); // ~1.6 MB of log
    let files: string[] = [];
    for (let i = 0; i < 100; i++) {
      files = await readdir(path.dirname(walOf("big")));
      if (files.includes("snapshot.bin") && (await stat(walOf("big"))).size < 1 << 20) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(files).toContain("snapshot.bin");
    await seed("big", 1500, 1510, 256);
    await h.client.delete("big", { wait: true, points: [0] });
    h.engine.kill9();
    await h.engine.restart();
    expect((await h.client.count("big")).count).toBe(1509);
    const res = await h.client.query("big", { query: vec(1505, 256), limit: 1 });
    expect(res.points[0]).toMatchObject({ id: 1505, score: 0 });
  });

  it("flushes wait=false writes on a graceful stop and in the background", async () => {
    await h.client.createCollection("async", { vectors: { size: 8, distance: "Dot" } });
    const res = await h.client.upsert("async", { wait: false, points: [{ id: 1, vector: vec(1) }] });
    expect(res.status).toBe("acknowledged");
    await h.engine.restart(); // SIGTERM: the engine fsyncs before exiting
    expect((await h.client.count("async")).count).toBe(1);
    await h.client.upsert("async", { wait: false, points: [{ id: 2, vector: vec(2) }] });
    await new Promise((r) => setTimeout(r, 300)); // > --flush-interval-ms
    h.engine.kill9();
    await h.engine.restart();
    expect((await h.client.count("async")).count).toBe(2);
  });

  it("answered every request within the OpenAPI document", () => {
    expectContractHonoured(h);
  });
});
