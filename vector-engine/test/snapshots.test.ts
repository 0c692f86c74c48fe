/**
 * Collection snapshots through the official client (createSnapshot, listSnapshots,
 * recoverSnapshot, deleteSnapshot) plus download and upload over raw HTTP, with the API
 * key on, every response checked against the OpenAPI document.
 */
import { createHash } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiError, expectContractHonoured, setupEngine } from "./harness";

const KEY = "snap-key";
const h = setupEngine({ apiKey: KEY });
const auth = { "api-key": KEY };

const vec = (i: number) => [Math.sin(i), Math.cos(i * 3), Math.sin(i * 5 + 1), 0.25];

async function answers(name: string) {
  const scroll = await h.client.scroll(name, { limit: 500, with_payload: true, with_vector: true });
  const query = await h.client.query(name, { query: vec(1000), using: "dense", limit: 10, with_payload: true });
  const filtered = await h.client.query(name, { query: vec(2000), using: "dense", limit: 5, filter: { must: [{ key: "team", match: { value: "b" } }] } });
  const sparse = await h.client.query(name, { query: { indices: [1, 3], values: [1, 0.5] }, using: "text", limit: 5 });
  const info = await h.client.getCollection(name);
  return { scroll, query, filtered, sparse, params: info.config.params, schema: info.payload_schema, count: info.points_count };
}

async function download(collection: string, name: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(`${h.engine.url}/collections/${collection}/snapshots/${encodeURIComponent(name)}`, { headers: auth });
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function upload(collection: string, bytes: Buffer, query = "", filename = "upload.snapshot") {
  const form = new FormData();
  form.append("snapshot", new Blob([new Uint8Array(bytes)]), filename);
  const res = await fetch(`${h.engine.url}/collections/${collection}/snapshots/upload${query}`, { method: "POST", headers: auth, body: form });
  return { status: res.status, body: (await res.json()) as { result?: boolean; status: unknown } };
}

describe("collection snapshots", () => {
  it("creates, lists, downloads, recovers, uploads and deletes", async () => {
    await h.client.createCollection("docs", {
      vectors: { dense: { size: 4, distance: "Cosine" } },
      sparse_vectors: { text: { modifier: "idf" } },
    });
    await h.client.createPayloadIndex("docs", { field_name: "team", field_schema: "keyword", wait: true });
    await h.client.upsert("docs", {
      wait: true,
      points: Array.from({ length: 120 }, (_, i) => ({
        id: i,
        vector: { dense: vec(i), text: { indices: [i % 5, 7], values: [1, i / 10] } },
        payload: { team: ["a", "b", "c"][i % 3], n: i, meta: { tags: ["x", `t${i % 4}`] } },
      })),
    });
    await h.client.delete("docs", { wait: true, points: [5, 6] });
    const before = await answers("docs");

    const snap = await h.client.createSnapshot("docs");
    expect(snap).not.toBeNull();
    expect(snap!.name).toMatch(/^docs-\d+-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.snapshot$/);
    expect(snap!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(snap!.creation_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const listed = await h.client.listSnapshots("docs");
    expect(listed).toEqual([snap]);

    // download: octet-stream, the described size and checksum; the key is required
    const file = await download("docs", snap!.name);
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/octet-stream");
    expect(file.bytes.length).toBe(snap!.size);
    expect(createHash("sha256").update(file.bytes).digest("hex")).toBe(snap!.checksum);
    expect((await fetch(`${h.engine.url}/collections/docs/snapshots/${snap!.name}`)).status).toBe(403);

    // writes after the snapshot are not in it
    await h.client.upsert("docs", { wait: true, points: [{ id: 999, vector: { dense: vec(999) } }] });

    // the collection goes, the snapshot file stays; recovering gives the same answers
    await h.client.deleteCollection("docs");
    const location = path.join(h.engine.dataDir, "snapshots", "docs", snap!.name);
    expect((await stat(location)).size).toBe(snap!.size);
    expect(await h.client.recoverSnapshot("docs", { location: `file://${location}`, checksum: snap!.checksum, priority: "snapshot" })).toBe(true);
    expect(await answers("docs")).toEqual(before);
    expect(await h.client.retrieve("docs", { ids: [999] })).toEqual([]);

    // into another collection, and over http from this engine's download URL with the key
    expect(await h.client.recoverSnapshot("copy", { location: `file://${location}` })).toBe(true);
    expect(await answers("copy")).toEqual(before);
    const url = `${h.engine.url}/collections/docs/snapshots/${encodeURIComponent(snap!.name)}`;
    expect(await h.client.recoverSnapshot("fetched", { location: url, api_key: KEY, checksum: snap!.checksum })).toBe(true);
    expect(await answers("fetched")).toEqual(before);

    // upload replaces an existing collection, and the file is kept under its name
    await h.client.upsert("copy", { wait: true, points: [{ id: 4242, vector: { dense: vec(4242) } }] });
    const up = await upload("copy", file.bytes, `?checksum=${snap!.checksum}`, "nightly.snapshot");
    expect(up).toMatchObject({ status: 200, body: { result: true, status: "ok" } });
    expect(await answers("copy")).toEqual(before);
    expect((await h.client.listSnapshots("copy")).map((s) => [s.name, s.checksum])).toEqual([["nightly.snapshot", snap!.checksum]]);

    expect(await h.client.deleteSnapshot("docs", snap!.name)).toBe(true);
    expect(await h.client.listSnapshots("docs")).toEqual([]);
    expect((await apiError(h.client.deleteSnapshot("docs", snap!.name))).status).toBe(404);
    expectContractHonoured(h);
  });

  it("refuses damaged files, bad locations, traversal names and unknown collections", async () => {
    await h.client.createCollection("keep", { vectors: { size: 4, distance: "Dot" } });
    await h.client.upsert("keep", { wait: true, points: Array.from({ length: 30 }, (_, i) => ({ id: i, vector: vec(i), payload: { i } })) });
    const before = await h.client.scroll("keep", { limit: 100, with_vector: true });
    const snap = (await h.client.createSnapshot("keep"))!;
    const file = await download("keep", snap.name);

    for (const [label, bytes] of [
      ["truncated", file.bytes.subarray(0, Math.floor(file.bytes.length / 2))],
      ["garbage", Buffer.from("definitely not a snapshot")],
    ] as const) {
      const res = await upload("keep", bytes);
      expect(res.status, label).toBe(400);
      expect(JSON.stringify(res.body), label).toMatch(/snapshot file is damaged/);
      expect(await h.client.scroll("keep", { limit: 100, with_vector: true }), label).toEqual(before);
    }
    const mismatch = await upload("keep", file.bytes, `?checksum=${"0".repeat(64)}`);
    expect(mismatch.status).toBe(400);
    expect(JSON.stringify(mismatch.body)).toMatch(/checksum mismatch/);

    const dir = path.join(h.engine.dataDir, "snapshots");
    const cases: [string, () => Promise<unknown>, number, RegExp][] = [
      ["outside the directory", () => h.client.recoverSnapshot("keep", { location: "file:///etc/passwd" }), 400, /outside the snapshots directory/],
      ["dot-dot out", () => h.client.recoverSnapshot("keep", { location: `file://${dir}/../collections/keep/wal.log` }), 400, /outside the snapshots directory/],
      ["ftp", () => h.client.recoverSnapshot("keep", { location: "ftp://example.com/a.snapshot" }), 400, /scheme `ftp` is not supported/],
      ["checksum", () => h.client.recoverSnapshot("keep", { location: `file://${dir}/keep/${snap.name}`, checksum: "f".repeat(64) }), 400, /checksum mismatch/],
      ["missing collection", () => h.client.listSnapshots("nope"), 404, /^Not found: Collection `nope` doesn't exist!$/],
      ["create on a missing collection", () => h.client.createSnapshot("nope"), 404, /doesn't exist/],
      ["traversal name", () => h.client.deleteSnapshot("keep", "../keep/x"), 400, /invalid snapshot name/],
      ["full-storage snapshot", () => h.client.createFullSnapshot(), 400, /create_full_snapshot.*not supported by strata-vector/],
    ];
    for (const [label, call, status, message] of cases) {
      const err = await apiError(call());
      expect(err.status, label).toBe(status);
      expect(err.message, label).toMatch(message);
    }
    const raw = await fetch(`${h.engine.url}/collections/keep/snapshots/..%2F..%2Fcollections%2Fkeep%2Fconfig.json`, { headers: auth });
    expect(raw.status).toBe(400);
    expect(await h.client.scroll("keep", { limit: 100, with_vector: true })).toEqual(before);
    expect((await h.client.listSnapshots("keep")).map((s) => s.name)).toEqual([snap.name]);
    expect((await readdir(path.join(dir, "keep"))).filter((f) => f.startsWith("."))).toEqual([]);
    expectContractHonoured(h);
  });

  it("exercised every collection snapshot operation", () => {
    const seen = h.operationsSeen();
    for (const op of ["create_snapshot", "list_snapshots", "get_snapshot", "delete_snapshot", "recover_from_snapshot", "recover_from_uploaded_snapshot"]) {
      expect(seen.has(op), `operation ${op} exercised`).toBe(true);
    }
  });
});
