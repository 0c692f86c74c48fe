/**
 * Contract tests: strata-vector driven through the official @qdrant/js-client-rest, with
 * every response checked against Qdrant's OpenAPI document (see harness.ts).
 */
import { describe, expect, it } from "vitest";
import { apiError, expectContractHonoured, setupEngine } from "./harness";

const h = setupEngine();

const C = "contract"; // one unnamed 4-d Cosine vector
const N = "named"; // named vectors: text (Dot), image (Euclid), route (Manhattan)
const UUID = "5C56C793-69F3-4FBF-87E6-C4BF54C28C26";
const UUID_LOWER = UUID.toLowerCase();

type Vec = number[];
const dot = (a: Vec, b: Vec) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
const norm = (a: Vec) => Math.sqrt(dot(a, a));
const normalize = (a: Vec) => a.map((x) => x / norm(a));
const euclid = (a: Vec, b: Vec) => Math.sqrt(a.reduce((s, x, i) => s + (x - (b[i] ?? 0)) ** 2, 0));
const manhattan = (a: Vec, b: Vec) => a.reduce((s, x, i) => s + Math.abs(x - (b[i] ?? 0)), 0);

const points = [
  { id: 1, vector: [0.05, 0.61, 0.76, 0.74], payload: { city: "Berlin", count: 3, price: 9.5, created: "2024-01-05T10:00:00Z", description: "A quick brown fox" } },
  { id: 2, vector: [0.19, 0.81, 0.75, 0.11], payload: { city: ["Berlin", "London"], count: 10, created: "2024-02-01T00:00:00Z" } },
  { id: 3, vector: [0.36, 0.55, 0.47, 0.94], payload: { city: ["Berlin", "Moscow"], count: 7, description: "lazy dogs sleep" } },
  { id: 4, vector: [0.18, 0.01, 0.85, 0.8], payload: { city: ["London", "Moscow"], count: 1, created: "2023-12-31T23:59:59Z" } },
  { id: 5, vector: [0.24, 0.18, 0.22, 0.44], payload: { count: [0], price: 1.25 } },
  { id: 6, vector: [0.35, 0.08, 0.11, 0.44] },
  { id: UUID, vector: [1, 0, 0, 0], payload: { city: "Paris", count: 5 } },
];

async function ids(p: Promise<{ points: { id: string | number }[] }>): Promise<(string | number)[]> {
  return (await p).points.map((x) => x.id);
}

describe("strata-vector honours Qdrant's REST contract", () => {
  it("answers the service endpoints", async () => {
    const info = await h.client.versionInfo();
    expect(info.title).toMatch(/qdrant-compatible/);
    expect(info.version).toBe("1.19.0");
    for (const p of ["/healthz", "/livez", "/readyz"]) {
      const res = await h.http("GET", p);
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/passed|ready/);
    }
  });

  it("creates, lists, describes, updates and deletes collections", async () => {
    expect(
      await h.client.createCollection(C, {
        vectors: { size: 4, distance: "Cosine" },
        hnsw_config: { m: 32 },
        optimizers_config: { default_segment_number: 2 },
      }),
    ).toBe(true);
    expect(
      await h.client.createCollection(N, {
        vectors: { text: { size: 3, distance: "Dot" }, image: { size: 2, distance: "Euclid" }, route: { size: 2, distance: "Manhattan" } },
      }),
    ).toBe(true);
    const list = await h.client.getCollections();
    expect(list.collections.map((c) => c.name)).toEqual(expect.arrayContaining([C, N]));
    expect(await h.client.collectionExists(C)).toEqual({ exists: true });
    expect(await h.client.collectionExists("nope")).toEqual({ exists: false });

    const info = await h.client.getCollection(C);
    expect(info.status).toBe("green");
    expect(info.optimizer_status).toBe("ok");
    expect(info.points_count).toBe(0);
    expect(info.indexed_vectors_count).toBe(0);
    expect(info.segments_count).toBeGreaterThanOrEqual(1);
    expect(info.payload_schema).toEqual({});
    expect(info.config.params.vectors).toEqual({ size: 4, distance: "Cosine" });
    expect(info.config.hnsw_config.m).toBe(32);
    expect(info.config.optimizer_config.default_segment_number).toBe(2);
    expect(info.config.wal_config?.wal_capacity_mb).toBeGreaterThan(0);

    const named = await h.client.getCollection(N);
    expect(named.config.params.vectors).toMatchObject({ text: { size: 3, distance: "Dot" }, route: { distance: "Manhattan" } });

    expect(await h.client.updateCollection(C, { optimizers_config: { indexing_threshold: 20000 }, params: { replication_factor: 1 } })).toBe(true);
    const updated = await h.client.getCollection(C);
    expect(updated.config.optimizer_config.indexing_threshold).toBe(20000);
    expect(updated.config.hnsw_config.m).toBe(32);

    const dup = await apiError(h.client.createCollection(C, { vectors: { size: 4, distance: "Cosine" } }));
    expect(dup.status).toBe(409);
    expect(dup.message).toBe("Wrong input: Collection `contract` already exists!");

    await h.client.createCollection("temporary", { vectors: { size: 2, distance: "Dot" } });
    expect(await h.client.deleteCollection("temporary")).toBe(true);
    expect(await h.client.collectionExists("temporary")).toEqual({ exists: false });
    const gone = await apiError(h.client.getCollection("temporary"));
    expect(gone.status).toBe(404);
    expect(gone.message).toBe("Not found: Collection `temporary` doesn't exist!");
  });

  it("upserts points in list and batch form, with integer and UUID ids", async () => {
    const res = await h.client.upsert(C, { wait: true, points });
    expect(res.status).toBe("completed");
    expect(typeof res.operation_id).toBe("number");
    const batch = await h.client.upsert(C, {
      wait: true,
      batch: { ids: [10, 11], vectors: [[1, 1, 0, 0], [0, 0, 1, 1]], payloads: [{ city: "Rome", count: 2 }, null] },
    });
    expect(batch.status).toBe("completed");
    const async = await h.client.upsert(C, { wait: false, points: [{ id: 12, vector: [0, 1, 0, 0], payload: { city: "Oslo" } }] });
    expect(async.status).toBe("acknowledged");
    expect((await h.client.getCollection(C)).points_count).toBe(10);
  });

  it("retrieves points by ids (batch and single) with Cosine vectors normalised", async () => {
    const got = await h.client.retrieve(C, { ids: [1, UUID, 999], with_payload: true, with_vector: true });
    expect(got.map((p) => p.id)).toEqual([1, UUID_LOWER]);
    const v = got[0]?.vector as number[];
    const want = normalize(points[0]!.vector);
    v.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 6));
    expect(got[0]?.payload).toEqual(points[0]!.payload);

    const noPayload = await h.client.retrieve(C, { ids: [2], with_payload: false });
    expect(noPayload[0]?.payload ?? null).toBeNull();
    expect(noPayload[0]?.vector ?? null).toBeNull();

    const single = await h.client.api().getPoint({ collection_name: C, id: 11 });
    expect(single.data.result?.id).toBe(11);
    expect(single.data.result?.payload).toEqual({});
    expect((single.data.result?.vector as number[])[3]).toBeCloseTo(Math.SQRT1_2, 6);

    const missing = await apiError(h.client.api().getPoint({ collection_name: C, id: 999 }));
    expect(missing.status).toBe(404);
    expect(missing.message).toBe("Not found: No point with id 999 found");
  });

  it("creates and deletes payload indexes, reported in payload_schema", async () => {
    for (const [field, schema] of [
      ["city", "keyword"],
      ["count", "integer"],
      ["created", "datetime"],
      ["price", "float"],
    ] as const) {
      const r = await h.client.createPayloadIndex(C, { field_name: field, field_schema: schema, wait: true });
      expect(r.status).toBe("completed");
    }
    await h.client.createPayloadIndex(C, { field_name: "description", field_schema: { type: "text", tokenizer: "word", lowercase: true }, wait: true });
    const info = await h.client.getCollection(C);
    expect(info.payload_schema.city).toEqual({ data_type: "keyword", points: 7 });
    expect(info.payload_schema.count).toEqual({ data_type: "integer", points: 7 });
    expect(info.payload_schema.created).toEqual({ data_type: "datetime", points: 3 });
    expect(info.payload_schema.description).toMatchObject({ data_type: "text", points: 2, params: { type: "text" } });
    expect(info.payload_schema.price?.data_type).toBe("float");
    await h.client.deletePayloadIndex(C, "price", { wait: true });
    expect((await h.client.getCollection(C)).payload_schema.price).toBeUndefined();
  });

  it("scrolls with limit, offset and next_page_offset, integers before UUIDs", async () => {
    const first = await h.client.scroll(C, { limit: 3 });
    expect(first.points.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(first.next_page_offset).toBe(4);
    const all: (string | number)[] = [];
    let offset: string | number | null | undefined = undefined;
    for (let page = 0; page < 10; page++) {
      const res: Awaited<ReturnType<typeof h.client.scroll>> = await h.client.scroll(C, { limit: 4, offset: offset ?? undefined, with_payload: false });
      all.push(...res.points.map((p) => p.id));
      offset = res.next_page_offset as string | number | null | undefined;
      if (offset === null || offset === undefined) break;
    }
    expect(all).toEqual([1, 2, 3, 4, 5, 6, 10, 11, 12, UUID_LOWER]);
    const filtered = await h.client.scroll(C, { filter: { must: [{ key: "city", match: { value: "Moscow" } }] }, limit: 10 });
    expect(filtered.points.map((p) => p.id)).toEqual([3, 4]);
    expect(filtered.next_page_offset ?? null).toBeNull();
  });

  it("selects payload and vectors with with_payload / with_vector", async () => {
    const include = await h.client.scroll(C, { limit: 1, with_payload: ["city", "count"] });
    expect(include.points[0]?.payload).toEqual({ city: "Berlin", count: 3 });
    const incObj = await h.client.scroll(C, { limit: 1, with_payload: { include: ["price"] } });
    expect(incObj.points[0]?.payload).toEqual({ price: 9.5 });
    const exclude = await h.client.scroll(C, { limit: 1, with_payload: { exclude: ["description", "created"] } });
    expect(exclude.points[0]?.payload).toEqual({ city: "Berlin", count: 3, price: 9.5 });
    const withVec = await h.client.scroll(C, { limit: 1, with_payload: false, with_vector: true });
    expect(withVec.points[0]?.payload ?? null).toBeNull();
    expect((withVec.points[0]?.vector as number[]).length).toBe(4);

    await h.client.upsert(N, {
      wait: true,
      points: [
        { id: 1, vector: { text: [1, 0, 0], image: [0, 0], route: [0, 0] }, payload: { kind: "a" } },
        { id: 2, vector: { text: [0, 2, 0], image: [3, 4], route: [1, 1] }, payload: { kind: "b" } },
        { id: 3, vector: { text: [1, 1, 1], image: [1, 1], route: [2, -1] }, payload: { kind: "c" } },
        { id: 4, vector: { text: [0.5, 0.5, 0] }, payload: { kind: "text only" } },
      ],
    });
    const named = await h.client.retrieve(N, { ids: [2, 4], with_vector: ["image"] });
    expect(named[0]?.vector).toEqual({ image: [3, 4] });
    expect(named[1]?.vector).toEqual({});
    const allNamed = await h.client.retrieve(N, { ids: [4], with_vector: true });
    expect(allNamed[0]?.vector).toEqual({ text: [0.5, 0.5, 0] });
  });

  it("orders scroll by an indexed field, both directions, with start_from", async () => {
    const asc = await h.client.scroll(C, { limit: 4, order_by: "count", with_payload: ["count"] });
    expect(asc.points.map((p) => p.id)).toEqual([5, 4, 10, 1]);
    expect(asc.points.map((p) => p.order_value)).toEqual([0, 1, 2, 3]);
    expect(asc.next_page_offset ?? null).toBeNull();
    const desc = await h.client.scroll(C, { limit: 3, order_by: { key: "count", direction: "desc", start_from: 7 } });
    expect(desc.points.map((p) => p.id)).toEqual([3, UUID_LOWER, 1]);
    const byDate = await h.client.scroll(C, { limit: 10, order_by: { key: "created", direction: "asc", start_from: "2024-01-01T00:00:00Z" } });
    expect(byDate.points.map((p) => p.id)).toEqual([1, 2]);
    const noIndex = await apiError(h.client.scroll(C, { order_by: "description" }));
    expect(noIndex.status).toBe(400);
    expect(noIndex.message).toMatch(/No range index for `order_by` key/);
  });

  it("counts exactly", async () => {
    expect(await h.client.count(C, { exact: true })).toEqual({ count: 10 });
    expect(await h.client.count(C, { filter: { must: [{ key: "city", match: { any: ["London", "Paris"] } }] } })).toEqual({ count: 3 });
  });

  it("queries with the universal Query API", async () => {
    const q = [0.2, 0.1, 0.9, 0.7];
    const res = await h.client.query(C, { query: q, limit: 3, with_payload: false });
    const expected = points
      .concat([
        { id: 10, vector: [1, 1, 0, 0] },
        { id: 11, vector: [0, 0, 1, 1] },
        { id: 12, vector: [0, 1, 0, 0] },
      ] as typeof points)
      .map((p) => ({ id: p.id === UUID ? UUID_LOWER : p.id, score: dot(normalize(q), normalize(p.vector)) }))
      .sort((a, b) => b.score - a.score);
    expect(res.points.map((p) => p.id)).toEqual(expected.slice(0, 3).map((p) => p.id));
    res.points.forEach((p, i) => expect(p.score).toBeCloseTo(expected[i]!.score, 5));
    expect(res.points[0]?.payload ?? null).toBeNull();
    expect(typeof res.points[0]?.version).toBe("number");

    const nearest = await h.client.query(C, { query: { nearest: q }, limit: 2, offset: 1, with_payload: true, with_vector: true });
    expect(nearest.points.map((p) => p.id)).toEqual(expected.slice(1, 3).map((p) => p.id));
    expect(nearest.points[0]?.payload).toBeTruthy();
    expect((nearest.points[0]?.vector as number[]).length).toBe(4);

    const filtered = await h.client.query(C, { query: q, filter: { must: [{ key: "city", match: { value: "London" } }] }, limit: 5 });
    expect(filtered.points.map((p) => p.id)).toEqual([4, 2]);

    const threshold = expected[3]!.score;
    const above = await h.client.query(C, { query: q, score_threshold: threshold - 1e-6, limit: 10 });
    expect(above.points.map((p) => p.id)).toEqual(expected.slice(0, 4).map((p) => p.id));

    const byId = await h.client.query(C, { query: 4, limit: 2 });
    expect(byId.points.map((p) => p.id)).not.toContain(4);
    const fromVector = await h.client.query(C, { query: points[3]!.vector, limit: 3 });
    expect(fromVector.points[0]?.id).toBe(4);
    expect(byId.points.map((p) => p.id)).toEqual(fromVector.points.slice(1, 3).map((p) => p.id));

    const byUuid = await h.client.query(C, { query: { nearest: UUID }, limit: 1 });
    expect(byUuid.points[0]?.id).not.toBe(UUID_LOWER);

    const noQuery = await h.client.query(C, { limit: 3, filter: { must: [{ key: "count", range: { gte: 5 } }] } });
    expect(noQuery.points.map((p) => p.id)).toEqual([2, 3, UUID_LOWER]);

    const batch = await h.client.queryBatch(C, { searches: [{ query: q, limit: 1 }, { query: { nearest: [1, 0, 0, 0] }, limit: 1, using: "" }] });
    expect(batch.map((b) => b.points[0]?.id)).toEqual([expected[0]!.id, UUID_LOWER]);

    const recommend = await h.client.query(C, { query: { recommend: { positive: [1], negative: [4] } }, limit: 3 });
    expect(recommend.points.map((p) => p.id)).not.toContain(1);
    expect(recommend.points.map((p) => p.id)).not.toContain(4);
  });

  it("scores Dot, Euclid and Manhattan as Qdrant does (distances ascending, not squared)", async () => {
    const text = await h.client.query(N, { query: [1, 2, 0], using: "text", limit: 4 });
    expect(text.points.map((p) => [p.id, p.score])).toEqual([
      [2, 4],
      [3, 3],
      [4, 1.5],
      [1, 1],
    ]);
    const image = await h.client.query(N, { query: [3, 3], using: "image", limit: 3, with_vector: ["image"] });
    expect(image.points.map((p) => p.id)).toEqual([2, 3, 1]);
    image.points.forEach((p) => {
      const v = (p.vector as Record<string, number[]>).image!;
      expect(p.score).toBeCloseTo(euclid([3, 3], v), 5);
    });
    expect(image.points[0]?.score).toBeCloseTo(1, 6);
    const route = await h.client.query(N, { query: { nearest: [2, 0] }, using: "route", limit: 3 });
    // ids 1 and 2 are both at distance 2: for distances the smaller id comes first
    expect(route.points.map((p) => [p.id, p.score])).toEqual([
      [3, manhattan([2, 0], [2, -1])],
      [1, manhattan([2, 0], [0, 0])],
      [2, manhattan([2, 0], [1, 1])],
    ]);
    const within = await h.client.query(N, { query: [3, 3], using: "image", score_threshold: 2.9, limit: 10 });
    expect(within.points.map((p) => p.id)).toEqual([2, 3]);
    const noName = await apiError(h.client.query(N, { query: [1, 2, 0], limit: 1 }));
    expect(noName.status).toBe(400);
  });

  it("orders equal scores by id the way Qdrant merges results", async () => {
    await h.client.createCollection("ties", { vectors: { size: 2, distance: "Dot" } });
    await h.client.upsert("ties", { wait: true, points: [7, 3, 9, 1].map((id) => ({ id, vector: [1, 1] })) });
    const res = await h.client.query("ties", { query: [1, 0], limit: 4 });
    expect(res.points.map((p) => p.id)).toEqual([9, 7, 3, 1]);
    await h.client.createCollection("ties-l2", { vectors: { size: 2, distance: "Euclid" } });
    await h.client.upsert("ties-l2", { wait: true, points: [7, 3, 9, 1].map((id) => ({ id, vector: [1, 1] })) });
    const l2 = await h.client.query("ties-l2", { query: [0, 0], limit: 4 });
    expect(l2.points.map((p) => p.id)).toEqual([1, 3, 7, 9]);
  });

  it("serves search, search batch and recommend (the 1.18 client's endpoints)", async () => {
    const q = [0.2, 0.1, 0.9, 0.7];
    const viaQuery = await h.client.query(C, { query: q, limit: 3 });
    const search = await h.client.search(C, { vector: q, limit: 3, with_payload: true });
    expect(search.map((p) => p.id)).toEqual(viaQuery.points.map((p) => p.id));
    expect(search[0]?.payload).toBeTruthy();
    const filtered = await h.client.search(C, { vector: q, filter: { should: [{ key: "city", match: { value: "London" } }] }, limit: 3 });
    expect(filtered.map((p) => p.id)).toEqual([4, 2]);
    const named = await h.client.search(N, { vector: { name: "image", vector: [3, 3] }, limit: 1 });
    expect(named[0]?.id).toBe(2);
    const batch = await h.client.searchBatch(C, { searches: [{ vector: q, limit: 1 }, { vector: [1, 0, 0, 0], limit: 1 }] });
    expect(batch.map((b) => b[0]?.id)).toEqual([viaQuery.points[0]?.id, UUID_LOWER]);
    const rec = await h.client.recommend(C, { positive: [1, 2], negative: [6], limit: 3 });
    expect(rec.map((p) => p.id)).not.toEqual(expect.arrayContaining([1]));
    const viaQueryRec = await h.client.query(C, { query: { recommend: { positive: [1, 2], negative: [6] } }, limit: 3 });
    expect(rec.map((p) => p.id)).toEqual(viaQueryRec.points.map((p) => p.id));
    const recBatch = await h.client.recommendBatch(C, { searches: [{ positive: [3], limit: 2 }] });
    expect(recBatch[0]?.length).toBe(2);
  });

  it("manages aliases and resolves them in collection paths", async () => {
    expect(await h.client.updateCollectionAliases({ actions: [{ create_alias: { collection_name: C, alias_name: "current" } }] })).toBe(true);
    expect((await h.client.getCollection("current")).points_count).toBe(10);
    expect((await h.client.query("current", { query: [1, 0, 0, 0], limit: 1 })).points[0]?.id).toBe(UUID_LOWER);
    expect(await h.client.getCollectionAliases(C)).toEqual({ aliases: [{ alias_name: "current", collection_name: C }] });
    await h.client.updateCollectionAliases({ actions: [{ rename_alias: { old_alias_name: "current", new_alias_name: "live" } }] });
    expect((await h.client.getAliases()).aliases).toEqual([{ alias_name: "live", collection_name: C }]);
    await h.client.updateCollectionAliases({ actions: [{ delete_alias: { alias_name: "live" } }] });
    expect((await h.client.getAliases()).aliases).toEqual([]);
    const missing = await apiError(h.client.updateCollectionAliases({ actions: [{ create_alias: { collection_name: "nope", alias_name: "x" } }] }));
    expect(missing.status).toBe(404);
    expect(missing.message).toBe("Not found: Collection `nope` doesn't exist!");
  });

  it("sets, overwrites, deletes and clears payload by ids and by filter", async () => {
    await h.client.createCollection("payloads", { vectors: { size: 2, distance: "Dot" } });
    await h.client.upsert("payloads", {
      wait: true,
      points: [
        { id: 1, vector: [1, 0], payload: { a: 1, nested: { x: 1 }, tag: "keep" } },
        { id: 2, vector: [0, 1], payload: { a: 2, tag: "keep" } },
        { id: 3, vector: [1, 1], payload: { a: 3, tag: "drop" } },
      ],
    });
    const get = async (id: number) => (await h.client.retrieve("payloads", { ids: [id] }))[0]?.payload;
    await h.client.setPayload("payloads", { points: [1], payload: { b: true } });
    expect(await get(1)).toEqual({ a: 1, nested: { x: 1 }, tag: "keep", b: true });
    await h.client.setPayload("payloads", { points: [1], payload: { y: 2 }, key: "nested" });
    expect(await get(1)).toEqual({ a: 1, nested: { x: 1, y: 2 }, tag: "keep", b: true });
    await h.client.setPayload("payloads", { filter: { must: [{ key: "tag", match: { value: "keep" } }] }, payload: { kept: "yes" } });
    expect(await get(2)).toEqual({ a: 2, tag: "keep", kept: "yes" });
    expect(await get(3)).toEqual({ a: 3, tag: "drop" });
    await h.client.overwritePayload("payloads", { points: [2], payload: { only: "this" } });
    expect(await get(2)).toEqual({ only: "this" });
    await h.client.deletePayload("payloads", { points: [1], keys: ["b", "nested.x"] });
    expect(await get(1)).toEqual({ a: 1, nested: { y: 2 }, tag: "keep", kept: "yes" });
    await h.client.deletePayload("payloads", { filter: { must: [{ key: "tag", match: { value: "keep" } }] }, keys: ["kept"] });
    expect(await get(1)).toEqual({ a: 1, nested: { y: 2 }, tag: "keep" });
    await h.client.clearPayload("payloads", { points: [1] });
    expect(await get(1)).toEqual({});
    await h.client.clearPayload("payloads", { filter: { must: [{ key: "tag", match: { value: "drop" } }] } });
    expect(await get(3)).toEqual({});
    const missing = await apiError(h.client.setPayload("payloads", { points: [42], payload: { a: 1 } }));
    expect(missing.status).toBe(404);
  });

  it("deletes points by ids and by filter, and updates vectors", async () => {
    await h.client.upsert("payloads", { wait: true, points: [4, 5, 6].map((id) => ({ id, vector: [id, 1], payload: { group: id % 2 } })) });
    expect((await h.client.delete("payloads", { wait: true, points: [1, 99] })).status).toBe("completed");
    expect((await h.client.count("payloads")).count).toBe(5);
    await h.client.delete("payloads", { wait: true, filter: { must: [{ key: "group", match: { value: 0 } }] } });
    expect(await ids(h.client.scroll("payloads", {}))).toEqual([2, 3, 5]);
    await h.client.updateVectors("payloads", { points: [{ id: 5, vector: [9, 9] }] });
    expect((await h.client.retrieve("payloads", { ids: [5], with_vector: true }))[0]?.vector).toEqual([9, 9]);
    const batch = await h.client.batchUpdate("payloads", {
      operations: [{ upsert: { points: [{ id: 7, vector: [1, 2] }] } }, { set_payload: { points: [7], payload: { via: "batch" } } }, { delete: { points: [2] } }],
    });
    expect(batch).toHaveLength(3);
    expect(await ids(h.client.scroll("payloads", {}))).toEqual([3, 5, 7]);
  });

  it("evaluates every filter condition with Qdrant's semantics", async () => {
    await h.client.createCollection("filters", { vectors: { size: 2, distance: "Dot" } });
    const docs: Record<number, Record<string, unknown>> = {
      1: { color: "red", size: 10, tags: ["a", "b"], when: "2024-05-01T12:00:00Z", info: { owner: "ann", level: 3 }, text: "Quick brown fox" },
      2: { color: "blue", size: 20, tags: ["b"], when: "2024-06-01T00:00:00Z", info: { owner: "bob", level: 1 }, items: [{ sku: "x", qty: 1 }, { sku: "y", qty: 5 }] },
      3: { color: ["red", "green"], size: 30.5, tags: [], nothing: null, items: [{ sku: "x", qty: 9 }] },
      4: { color: "green", nullable: [1, null], items: [] },
      5: {},
    };
    await h.client.upsert("filters", { wait: true, points: Object.entries(docs).map(([id, payload]) => ({ id: Number(id), vector: [1, 0], payload })) });
    await h.client.createPayloadIndex("filters", { field_name: "color", field_schema: "keyword", wait: true });
    type F = Parameters<typeof h.client.count>[1] extends infer A ? (A extends { filter?: infer X } ? X : never) : never;
    const match = async (filter: F) => (await h.client.scroll("filters", { filter, limit: 100, with_payload: false })).points.map((p) => p.id);
    const cases: [string, F, number[]][] = [
      ["match keyword (indexed), arrays match any element", { must: [{ key: "color", match: { value: "red" } }] }, [1, 3]],
      ["match any", { must: [{ key: "color", match: { any: ["blue", "green"] } }] }, [2, 3, 4]],
      ["match except", { must: [{ key: "color", match: { except: ["red"] } }] }, [2, 3, 4]],
      ["match integer", { must: [{ key: "size", match: { value: 10 } }] }, [1]],
      ["match text", { must: [{ key: "text", match: { text: "brown QUICK" } }] }, [1]],
      ["range", { must: [{ key: "size", range: { gt: 10, lte: 30.5 } }] }, [2, 3]],
      ["datetime range", { must: [{ key: "when", range: { gte: "2024-05-01T00:00:00Z", lt: "2024-06-01T00:00:00Z" } }] }, [1]],
      ["nested key by path", { must: [{ key: "info.owner", match: { value: "bob" } }] }, [2]],
      ["array of objects by path", { must: [{ key: "items[].sku", match: { value: "x" } }] }, [2, 3]],
      ["nested: one element satisfies all", { must: [{ nested: { key: "items", filter: { must: [{ key: "sku", match: { value: "x" } }, { key: "qty", range: { gt: 5 } }] } } }] }, [3]],
      ["has_id", { must: [{ has_id: [2, 4, 99] }] }, [2, 4]],
      ["is_empty", { must: [{ is_empty: { key: "tags" } }] }, [3, 4, 5]],
      ["is_null", { must: [{ is_null: { key: "nothing" } }] }, [3]],
      ["is_null in an array", { must: [{ is_null: { key: "nullable" } }] }, [4]],
      ["values_count", { must: [{ key: "tags", values_count: { gte: 1 } }] }, [1, 2]],
      ["must_not", { must_not: [{ key: "color", match: { value: "red" } }] }, [2, 4, 5]],
      ["should", { should: [{ key: "size", range: { gte: 30 } }, { has_id: [5] }] }, [3, 5]],
      [
        "min_should",
        { min_should: { min_count: 2, conditions: [{ key: "color", match: { value: "red" } }, { key: "size", range: { lt: 20 } }, { key: "tags", match: { value: "a" } }] } },
        [1],
      ],
      ["nested filters", { must: [{ should: [{ key: "info.level", range: { gte: 3 } }, { key: "color", match: { value: "green" } }] }], must_not: [{ has_id: [3] }] }, [1, 4]],
    ];
    for (const [name, filter, want] of cases) {
      expect(await match(filter), name).toEqual(want);
      expect((await h.client.count("filters", { filter })).count, name).toBe(want.length);
    }
  });

  it("answers 400 naming the feature for what it does not implement", async () => {
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ["multivectors", () => h.client.createCollection("multi", { vectors: { size: 2, distance: "Dot", multivector_config: { comparator: "max_sim" } } }), /multivectors/],
      ["sparse datatype", () => h.client.createCollection("sparse", { sparse_vectors: { s: { index: { datatype: "uint8" } } } }), /sparse index datatype/],
      ["formula", () => h.client.query(C, { prefetch: [{ query: [1, 0, 0, 0], limit: 5 }], query: { formula: { sum: ["$score", 1] } } }), /formula/],
      ["random sample", () => h.client.query(C, { query: { sample: "random" } }), /sampl/],
      ["discovery", () => h.client.query(C, { query: { discover: { target: 1, context: [{ positive: 2, negative: 3 }] } } }), /discovery/],
      ["quantization search params", () => h.client.query(C, { query: [1, 0, 0, 0], params: { quantization: { rescore: true } } }), /quantization/],
      ["multivector query", () => h.client.query(C, { query: [[1, 0, 0, 0]] }), /multivectors/],
      ["best_score strategy", () => h.client.query(C, { query: { recommend: { positive: [1], strategy: "best_score" } } }), /best_score/],
      ["group-by", () => h.client.queryGroups(C, { query: [1, 0, 0, 0], group_by: "city" }), /query_points_groups/],
      ["full-storage snapshots", () => h.client.createFullSnapshot(), /create_full_snapshot/],
      ["multivector upsert", () => h.client.upsert(C, { points: [{ id: 50, vector: [[1, 0, 0, 0]] }] }), /multivectors/],
    ];
    for (const [name, call, message] of cases) {
      const err = await apiError(call());
      expect(err.status, name).toBe(400);
      expect(err.message, name).toMatch(/not supported by strata-vector/);
      expect(err.message, name).toMatch(message);
    }
  });

  it("refuses invalid requests with Qdrant's status codes and error shape", async () => {
    const cases: [string, string, string, unknown, number, RegExp][] = [
      ["malformed JSON", "PUT", `/collections/${C}/points`, '{"points": [', 400, /^Format error in JSON body: /],
      ["wrong type", "PUT", "/collections/bad", { vectors: { size: "4", distance: "Cosine" } }, 400, /^Format error in JSON body/],
      ["unknown distance", "PUT", "/collections/bad", { vectors: { size: 4, distance: "Cosin" } }, 400, /unknown variant `Cosin`/],
      ["size 0", "PUT", "/collections/bad", { vectors: { size: 0, distance: "Cosine" } }, 422, /^Validation error in JSON body: \[vectors\.size: value 0 invalid, must be 1 or larger\]$/],
      ["limit 0", "POST", `/collections/${C}/points/query`, { query: [1, 0, 0, 0], limit: 0 }, 422, /limit/],
      ["bad UUID id", "PUT", `/collections/${C}/points`, { points: [{ id: "not-a-uuid", vector: [1, 0, 0, 0] }] }, 400, /Format error/],
      ["negative id", "PUT", `/collections/${C}/points`, { points: [{ id: -1, vector: [1, 0, 0, 0] }] }, 400, /Format error/],
      ["missing field", "PUT", `/collections/${C}/points`, { points: [{ id: 1 }] }, 400, /missing field `vector`/],
      ["unknown filter clause", "POST", `/collections/${C}/points/scroll`, { filter: { muts: [] } }, 400, /unknown field `muts`/],
      ["empty field condition", "POST", `/collections/${C}/points/count`, { filter: { must: [{ key: "city" }] } }, 422, /At least one field condition/],
      ["dimension", "PUT", `/collections/${C}/points?wait=true`, { points: [{ id: 1, vector: [1, 0] }] }, 400, /^Wrong input: Vector dimension error: expected dim: 4, got 2$/],
      ["unknown vector name", "POST", `/collections/${N}/points/query`, { query: [1, 2, 3], using: "nope" }, 400, /Not existing vector name error: nope/],
      ["bad query parameter", "PUT", `/collections/${C}/points?wait=maybe`, { points: [] }, 400, /wait/],
      ["bad collection name", "PUT", "/collections/a%2Fb", { vectors: { size: 2, distance: "Dot" } }, 422, /collection name/],
      ["missing collection", "POST", "/collections/nope/points/scroll", {}, 404, /^Not found: Collection `nope` doesn't exist!$/],
    ];
    for (const [name, method, path, body, status, message] of cases) {
      const res = await h.http(method, path, body);
      expect(res.status, name).toBe(status);
      const b = res.body as { status?: { error?: string }; time?: number };
      expect(typeof b.status?.error, name).toBe("string");
      expect(b.status?.error, name).toMatch(message);
      expect(typeof b.time, name).toBe("number");
    }
    expect((await h.http("GET", "/no/such/endpoint")).status).toBe(404);
    expect((await h.client.getCollection(C)).points_count).toBe(10);
  });

  it("answered every request within the OpenAPI document", () => {
    expectContractHonoured(h);
    const seen = h.operationsSeen();
    for (const op of [
      "root", "healthz", "livez", "readyz", "get_collections", "get_collection", "create_collection", "update_collection", "delete_collection",
      "collection_exists", "update_aliases", "get_collection_aliases", "get_collections_aliases", "create_field_index", "delete_field_index",
      "get_point", "get_points", "upsert_points", "delete_points", "update_vectors", "set_payload", "overwrite_payload", "delete_payload",
      "clear_payload", "batch_update", "scroll_points", "count_points", "query_points", "query_batch_points", "search_points",
      "search_batch_points", "recommend_points", "recommend_batch_points",
    ]) {
      expect(seen.has(op), `operation ${op} exercised`).toBe(true);
    }
  });
});
