import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { s3 } from "@/lib/s3/client";
import { getCollection } from "@/lib/search/collections";
import { chunkPointId } from "@/lib/search/point-ids";
import { claimOperation } from "@/lib/search/operations";
import { aliasName, generationName } from "@/lib/search/names";
import { createCollection, deleteCollection, retryFailedDocuments, searchCollections, syncCollection, updateCollection } from "@/lib/search/service";
import { qdrant } from "@/lib/search/vector-store";
import { runOperation } from "@/lib/search/sync";
import { admin, editor, putText, scratchBucket, viewer } from "../files/support";
import { makeDocx, makePdf } from "./fixtures";
import { allPoints, documentsByKey } from "./support";

/**
 * A sync of a prefix of mixed files on the real stack (SeaweedFS, PostgreSQL, the vector store, the
 * built-in embedding model), then changes in the bucket and a resync: exactly the right points change.
 */

const run = randomUUID().slice(0, 8);
const name = `t-sync-${run}`;
let bucket: Awaited<ReturnType<typeof scratchBucket>>;
const log = logger().child({ test: "search-sync" });

async function runQueued(operationId: string) {
  const id = BigInt(operationId);
  await claimOperation(id);
  return runOperation(id, log);
}

beforeAll(async () => {
  bucket = await scratchBucket("search");
  await putText(bucket.name, "mixed/notes.txt", "The quarterly report covers revenue.\n\nOur revenue grew by twelve percent in the northern region.");
  await putText(bucket.name, "mixed/guide.md", "# Installing the heat pump\n\nMount the outdoor unit on a level concrete base.\n\n## Wiring\n\nConnect the thermostat cable to terminals R and W.", "text/markdown");
  await putText(
    bucket.name,
    "mixed/page.html",
    `<html><head><title>Coffee brewing</title></head><body><nav>Home | Shop</nav><article><h1>Brewing coffee</h1><p>${"Use water just off the boil and a coarse grind for the French press. ".repeat(4)}</p></article></body></html>`,
    "text/html",
  );
  // Two pages of about 250 tokens each, so each page has chunks of its own.
  const page = (first: string, filler: string) => [first, ...Array.from({ length: 24 }, (_, i) => `${filler} line ${i} adds more words to this page.`)].join("\n");
  await putText(
    bucket.name,
    "mixed/energy.pdf",
    makePdf([page("Tidal turbines convert the energy of ocean tides into electricity.", "Tidal"), page("Solar panels on the roof produce power in summer.", "Solar")], "Renewable energy"),
    "application/pdf",
  );
  await putText(bucket.name, "mixed/handbook.docx", await makeDocx([{ heading: 1, text: "Employee handbook" }, { text: "Holiday requests go to your team lead two weeks ahead." }]), "application/octet-stream");
  await putText(bucket.name, "mixed/broken.pdf", "%PDF-1.7\nnot really a pdf at all\n%%EOF", "application/pdf");
  await putText(bucket.name, "mixed/blob.dat", new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0xff, 0xfe]), "application/octet-stream");
  await putText(bucket.name, "outside/ignored.txt", "Not under the collection's prefix.");
});

afterAll(async () => {
  await deleteCollection(admin, name).catch(() => undefined);
  await bucket.drop();
});

describe("syncing a prefix of mixed files", () => {
  test("indexes every readable file, fails the broken PDF and skips the binary, each with a reason", async () => {
    const { operation } = await createCollection(editor, { name, description: "", sources: [{ bucket: bucket.name, prefix: "mixed/", include: [], exclude: [] }], model: { provider: "builtin", model: "all-MiniLM-L6-v2" }, chunking: { strategy: "markdown", size: 180, overlap: 30 }, schedule: null }, "manual");
    const result = await runQueued(operation.id);
    expect(result.status).toBe("succeeded");

    const collection = await getCollection(name);
    const docs = await documentsByKey(collection.id);
    expect(Object.keys(docs).sort()).toEqual(["mixed/blob.dat", "mixed/broken.pdf", "mixed/energy.pdf", "mixed/guide.md", "mixed/handbook.docx", "mixed/notes.txt", "mixed/page.html"]);
    for (const key of ["mixed/notes.txt", "mixed/guide.md", "mixed/page.html", "mixed/energy.pdf", "mixed/handbook.docx"]) {
      expect(docs[key], key).toMatchObject({ status: "indexed", error: null, attempts: 1 });
    }
    expect(docs["mixed/broken.pdf"]).toMatchObject({ status: "failed", error: expect.stringMatching(/PDF/) });
    expect(docs["mixed/blob.dat"]).toMatchObject({ status: "skipped", error: expect.stringMatching(/[Bb]inary/) });
    expect(collection.dimensions).toBe(384);

    // Exactly one point per recorded chunk, with the ids the chunk numbers give.
    const points = await allPoints(collection.id, collection.generation);
    const expected = Object.values(docs).flatMap((d) => Array.from({ length: d.chunks }, (_, i) => chunkPointId(collection.id, bucket.name, d.key, i)));
    expect(points.map((p) => p.id).sort()).toEqual(expected.sort());
    const pdfPoints = points.filter((p) => p.payload.key === "mixed/energy.pdf");
    expect(new Set(pdfPoints.map((p) => p.payload.page))).toEqual(new Set([1, 2]));
    expect(pdfPoints[0]!.payload).toMatchObject({ bucket: bucket.name, content_type: "application/pdf", title: "Renewable energy", dirs: ["mixed/"] });
  });

  test("search finds the PDF page by meaning, with ranks, a highlighted snippet and filters", async () => {
    const dense = await searchCollections(viewer, { query: "electricity from ocean tides", collections: [name], mode: "dense", fusion: "rrf", limit: 5 });
    expect(dense.results[0]).toMatchObject({ key: "mixed/energy.pdf", page: 1, collection: name, ranks: { dense: 1 } });
    const top = dense.results[0]!;
    expect(top.highlights.map(([a, b]) => top.snippet.slice(a, b).toLowerCase())).toEqual(expect.arrayContaining(["tides", "electricity"]));

    const typed = await searchCollections(viewer, { query: "thermostat wiring", collections: [name], mode: "dense", fusion: "rrf", limit: 5, filter: { contentTypes: ["application/pdf"] } });
    expect(typed.results.every((r) => r.contentType === "application/pdf")).toBe(true);
    const none = await searchCollections(viewer, { query: "thermostat wiring", collections: [name], mode: "dense", fusion: "rrf", limit: 5, filter: { prefix: "elsewhere/" } });
    expect(none.results).toEqual([]);
  });

  test("change one, delete one, add one, resync: exactly those points change", async () => {
    const collection = await getCollection(name);
    const before = await allPoints(collection.id, collection.generation);
    const untouched = before.filter((p) => !["mixed/notes.txt", "mixed/page.html"].includes(p.payload.key as string));

    await putText(bucket.name, "mixed/notes.txt", "Short now: the report moved to the wiki.");
    await s3().send(new DeleteObjectCommand({ Bucket: bucket.name, Key: "mixed/page.html" }));
    await putText(bucket.name, "mixed/new.md", "# Parking\n\nVisitors park in bay C behind the warehouse.", "text/markdown");
    const { operation } = await syncCollection(editor, name);
    const result = await runQueued(operation.id);
    expect(result).toMatchObject({ status: "succeeded", counts: { indexed: 2, removed: 1 } });

    const after = await allPoints(collection.id, collection.generation);
    const byKey = (key: string) => after.filter((p) => p.payload.key === key);
    expect(byKey("mixed/page.html")).toEqual([]);
    expect(byKey("mixed/notes.txt").map((p) => p.payload.text)).toEqual(["Short now: the report moved to the wiki."]);
    expect(byKey("mixed/new.md").length).toBeGreaterThan(0);
    // Every other point is exactly as it was (same ids, same ETag in the payload).
    const unchanged = after.filter((p) => !["mixed/notes.txt", "mixed/new.md"].includes(p.payload.key as string));
    expect(unchanged.map((p) => `${p.id}:${p.payload.etag}`).sort()).toEqual(untouched.map((p) => `${p.id}:${p.payload.etag}`).sort());

    const docs = await documentsByKey(collection.id);
    expect(docs["mixed/page.html"]).toBeUndefined();
    expect(docs["mixed/guide.md"]!.attempts).toBe(1);
  });

  test("a failed document is retried once fixed, and indexed", async () => {
    await putText(bucket.name, "mixed/broken.pdf", makePdf(["Fixed: the warranty lasts five years."]), "application/pdf");
    const { operation } = await retryFailedDocuments(editor, name);
    expect(await runQueued(operation.id)).toMatchObject({ status: "succeeded", counts: { indexed: 1 } });
    const docs = await documentsByKey((await getCollection(name)).id);
    expect(docs["mixed/broken.pdf"]).toMatchObject({ status: "indexed", error: null, attempts: 2 });
  });

  test("the vector store lost the collection (wiped, or restored from an older backup): the next sync indexes every document again", async () => {
    const collection = await getCollection(name);
    const before = await allPoints(collection.id, collection.generation);
    expect(before.length).toBeGreaterThan(0);
    await qdrant().deleteCollection(generationName(collection.id, collection.generation));

    const { operation } = await syncCollection(editor, name);
    const result = await runQueued(operation.id);
    expect(result).toMatchObject({ status: "succeeded", counts: { indexed: 6, skipped: 1, removed: 0 } });
    const after = await allPoints(collection.id, collection.generation);
    expect(after.map((p) => `${p.id}:${p.payload.etag}`).sort()).toEqual(before.map((p) => `${p.id}:${p.payload.etag}`).sort());
    const hits = await searchCollections(viewer, { query: "electricity from ocean tides", collections: [name], mode: "dense", fusion: "rrf", limit: 1 });
    expect(hits.results[0]).toMatchObject({ key: "mixed/energy.pdf", page: 1 });

    // With the points back, the next sync skips every unchanged document again.
    const again = await syncCollection(editor, name);
    expect(await runQueued(again.operation.id)).toMatchObject({ status: "succeeded", counts: { indexed: 0 } });
  });

  test("new chunking re-indexes into a new generation; the alias moves and the old one is dropped", async () => {
    const before = await getCollection(name);
    const { operation } = await updateCollection(editor, name, { chunking: { strategy: "fixed", size: 24, overlap: 4 } });
    expect(operation).toMatchObject({ kind: "reindex", generation: before.generation + 1 });
    // Until the re-index finishes, the collection keeps its settings and search reads the old generation.
    expect((await getCollection(name)).chunking.strategy).toBe("markdown");
    expect((await searchCollections(viewer, { query: "heat pump", collections: [name], mode: "dense", fusion: "rrf", limit: 3 })).results.length).toBeGreaterThan(0);

    expect(await runQueued(operation!.id)).toMatchObject({ status: "succeeded" });
    const after = await getCollection(name);
    expect(after).toMatchObject({ generation: before.generation + 1, chunking: { strategy: "fixed", size: 24, overlap: 4 } });
    const { aliases } = await qdrant().getAliases();
    expect(aliases.find((a) => a.alias_name === aliasName(name))?.collection_name).toBe(generationName(after.id, after.generation));
    expect((await qdrant().collectionExists(generationName(after.id, before.generation))).exists).toBe(false);
    const docs = await documentsByKey(after.id);
    const points = await allPoints(after.id, after.generation);
    expect(points).toHaveLength(Object.values(docs).reduce((n, d) => n + d.chunks, 0));
    expect(Object.values(docs).filter((d) => d.status === "indexed").every((d) => d.doneGeneration === after.generation)).toBe(true);
    expect((await searchCollections(viewer, { query: "heat pump", collections: [name], mode: "hybrid", fusion: "rrf", limit: 3 })).results[0]?.key).toBe("mixed/guide.md");
  });

  test("hybrid with DBSF (the default fusion): the best document first, ranked in both lists, scores normalised", async () => {
    const dbsf = await searchCollections(viewer, { query: "heat pump thermostat wiring", collections: [name], mode: "hybrid", fusion: "dbsf", limit: 5 });
    expect(dbsf.results[0]).toMatchObject({ key: "mixed/guide.md", ranks: { dense: expect.any(Number), keyword: expect.any(Number) } });
    // DBSF sums each list's scores normalised to [0, 1] around mean ± 3σ: a fused score is at most 2 (two lists).
    for (const r of dbsf.results) expect(r.score).toBeLessThanOrEqual(2);
    // RRF scores are 1/(k + rank) sums: different numbers, and the same first document here.
    const rrf = await searchCollections(viewer, { query: "heat pump thermostat wiring", collections: [name], mode: "hybrid", fusion: "rrf", limit: 5 });
    expect(rrf.results[0]?.key).toBe("mixed/guide.md");
    expect(rrf.results[0]?.score).not.toBe(dbsf.results[0]?.score);
  });

  test("roles: a viewer cannot sync, an editor cannot delete; refusals are audited", async () => {
    await expect(syncCollection(viewer, name)).rejects.toMatchObject({ status: 403 });
    await expect(deleteCollection(editor, name)).rejects.toMatchObject({ status: 403 });
    const denied = await db().auditEvent.findMany({ where: { target: `collection:${name}`, outcome: "denied" } });
    expect(denied.map((d) => d.action).sort()).toEqual(["search.collection.delete", "search.collection.sync"]);
  });
});
