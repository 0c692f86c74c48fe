/**
 * Every call the qdrant-js REST integration suite (packages/js-client-rest/tests/integration)
 * makes, in the same order and shapes, written here against our own engine — plus what
 * that suite cannot check from JavaScript: u64 point ids above 2^53, sent and read as raw
 * JSON text so no JS number rounds them.
 */
import { describe, expect, it } from "vitest";
import { apiError, expectContractHonoured, setupEngine } from "./harness";

const h = setupEngine();
const C = "suite_collection";
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

describe("the calls of the qdrant-js integration suite", () => {
  it("answers telemetry with a minimal valid body", async () => {
    const { data } = await h.client.api().telemetry({});
    expect(data).toMatchObject({ status: "ok", time: expect.any(Number), result: { app: { name: "strata-vector", version: "1.19.0" } } });
    const result = data.result!;
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(String(result.app!.startup))).toBeLessThanOrEqual(Date.now());
    expect(result.collections.number_of_collections).toBe(0);
    // the query parameters are accepted (and their details ignored)
    const res = await h.http("GET", "/telemetry?anonymize=true&details_level=3");
    expect(res.status).toBe(200);
  });

  it("creates, lists and aliases a collection", async () => {
    expect(await h.client.deleteCollection(C)).toBe(false);
    expect(await h.client.createCollection(C, { vectors: { size: 4, distance: "Dot" }, optimizers_config: { default_segment_number: 2 }, replication_factor: 2 })).toBe(true);
    expect(await h.client.getCollections()).toEqual({ collections: [{ name: C }] });
    expect(await h.client.updateCollectionAliases({ actions: [{ create_alias: { alias_name: `${C}_alias`, collection_name: C } }] })).toBe(true);
    expect((await h.client.api().telemetry({})).data.result!.collections.number_of_collections).toBe(1);
  });

  it("answers index creation without wait as acknowledged, with wait as completed", async () => {
    expect(await h.client.createPayloadIndex(C, { field_name: "city", field_schema: "keyword" })).toMatchObject({ operation_id: expect.any(Number), status: "acknowledged" });
    expect(await h.client.createPayloadIndex(C, { field_name: "count", field_schema: "integer" })).toMatchObject({ status: "acknowledged" });
    expect(await h.client.createPayloadIndex(C, { field_name: "coords", field_schema: "geo", wait: true })).toMatchObject({ status: "completed" });
    expect(await h.client.createPayloadIndex(C, { field_name: "tmp", field_schema: "keyword", wait: true })).toMatchObject({ status: "completed" });
    // (the client's deletePayloadIndex always sends wait=true, so this one goes without it by hand)
    const del = await h.http("DELETE", `/collections/${C}/index/tmp`);
    expect(del.body).toMatchObject({ result: { status: "acknowledged" } });
    expect(await h.client.deletePayloadIndex(C, "count", { wait: true })).toMatchObject({ status: "completed" });
    // the index exists as soon as the call returns, acknowledged or not
    const info = await h.client.getCollection(C);
    expect(Object.keys(info.payload_schema).sort()).toEqual(["city", "coords"]);
  });

  it("upserts, retrieves and searches as the suite does", async () => {
    const result = await h.client.upsert(C, {
      wait: true,
      points: [
        { id: 1, vector: [0.05, 0.61, 0.76, 0.74], payload: { city: "Berlin", country: "Germany", count: 1000000, square: 12.5, coords: { lat: 1.0, lon: 2.0 } } },
        { id: 2, vector: [0.19, 0.81, 0.75, 0.11], payload: { city: ["Berlin", "London"] } },
        { id: 3, vector: [0.36, 0.55, 0.47, 0.94], payload: { city: ["Berlin", "Moscow"] } },
        { id: 4, vector: [0.18, 0.01, 0.85, 0.8], payload: { city: ["London", "Moscow"] } },
        { id: MAX_SAFE, vector: [0.19, 0.81, 0.75, 0.11] },
        { id: "98a9a4b1-4ef2-46fb-8315-a97d874fe1d7", vector: [0.24, 0.18, 0.22, 0.44], payload: { count: [0] } },
        { id: "f0e09527-b096-42a8-94e9-ea94d342b925", vector: [0.35, 0.08, 0.11, 0.44] },
      ],
    });
    expect(result).toMatchObject({ operation_id: expect.any(Number), status: "completed" });
    const p2 = (await h.client.api().getPoint({ collection_name: C, id: 2 })).data.result!;
    expect(p2).toMatchObject({ id: 2, payload: { city: ["Berlin", "London"] }, vector: [0.19, 0.81, 0.75, 0.11] });
    const pMax = (await h.client.api().getPoint({ collection_name: C, id: MAX_SAFE })).data.result!;
    expect(pMax.id).toBe(MAX_SAFE);
    expect(await h.client.retrieve(C, { ids: [1, 2] })).toHaveLength(2);
    expect((await h.client.getCollection(C)).points_count).toBe(7);
    expect(await h.client.search(C, { vector: [0.2, 0.1, 0.9, 0.7], limit: 3 })).toHaveLength(3);
    expect(await h.client.upsert(C, { wait: true, timeout: 10, points: [{ id: 5, vector: [0.05, 0.61, 0.76, 0.74], payload: { city: "Berlin" } }] })).toMatchObject({ status: "completed" });
    const london = { should: [{ key: "city", match: { value: "London" } }] };
    expect((await h.client.search(C, { filter: london, vector: [0.2, 0.1, 0.9, 0.7], limit: 3 })).map((p) => p.id).sort()).toEqual([2, 4]);
    const batch = await h.client.searchBatch(C, { searches: [0, 1].map(() => ({ vector: [0.2, 0.1, 0.9, 0.7], limit: 3, with_payload: true })) });
    expect(batch.map((r) => r.length)).toEqual([3, 3]);
    const q = await h.client.query(C, { query: { nearest: [0.2, 0.1, 0.9, 0.7] }, limit: 3, filter: london, with_payload: true, with_vector: true });
    expect(q.points.map((p) => p.id).sort()).toEqual([2, 4]);
    expect(q.points[0]!.vector).toHaveLength(4);
    const qb = await h.client.queryBatch(C, { searches: [{ query: { nearest: [0.2, 0.1, 0.9, 0.7] }, limit: 3, filter: london }] });
    expect(qb[0]!.points).toHaveLength(2);
  });

  it("refuses formula queries by name (not implemented)", async () => {
    const err = await apiError(
      h.client.query(C, { prefetch: { query: [0.2, 0.8, 0.1, 0.9], limit: 50 }, query: { formula: { sum: ["$score", { mult: [0.5, { key: "tag", match: { any: ["h1"] } }] }] } } }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/formula queries .* not supported by strata-vector/);
  });

  it("round-trips u64 point ids above 2^53 exactly (raw JSON)", async () => {
    const big = ["9007199254740993", "18446744073709551615", "12345678901234567891"]; // 2^53+1, 2^64-1, another
    const raw = async (method: string, path: string, body?: string) => {
      const res = await fetch(`${h.engine.url}${path}`, { method, headers: body ? { "content-type": "application/json" } : {}, body });
      return { status: res.status, text: await res.text() };
    };
    const points = big.map((id, i) => `{"id":${id},"vector":[${i + 1},0,0,0],"payload":{"n":${id}}}`).join(",");
    expect((await raw("PUT", `/collections/${C}/points?wait=true`, `{"points":[${points}]}`)).status).toBe(200);
    for (const id of big) {
      const got = await raw("GET", `/collections/${C}/points/${id}`);
      expect(got.status).toBe(200);
      expect(got.text).toContain(`"id":${id},`);
      expect(got.text).toContain(`"n":${id}`); // integer payloads keep every digit too
    }
    // neighbours of 2^53+1 (the number JS would round to 2^53) are not confused with it
    expect((await raw("GET", `/collections/${C}/points/9007199254740992`)).status).toBe(404);
    const scroll = await raw("POST", `/collections/${C}/points/scroll`, `{"filter":{"must":[{"has_id":[${big.join(",")}]}]},"limit":10}`);
    const ids = [...scroll.text.matchAll(/"id":(\d+)/g)].map((m) => m[1]);
    expect(ids).toEqual(["9007199254740993", "12345678901234567891", "18446744073709551615"]); // ascending by id
    const query = await raw("POST", `/collections/${C}/points/query`, `{"query":${big[1]},"limit":1,"filter":{"must":[{"has_id":[${big.join(",")}]}]}}`);
    expect(query.text).toMatch(/"id":(9007199254740993|12345678901234567891),/);
    const page = await raw("POST", `/collections/${C}/points/scroll`, `{"offset":${big[0]},"limit":1,"filter":{"must":[{"has_id":[${big.join(",")}]}]}}`);
    expect(page.text).toContain(`"next_page_offset":12345678901234567891`);
    const del = await raw("POST", `/collections/${C}/points/delete?wait=true`, `{"points":[${big[1]}]}`);
    expect(del.status).toBe(200);
    expect((await raw("GET", `/collections/${C}/points/${big[1]}`)).status).toBe(404);
    expect((await raw("GET", `/collections/${C}/points/${big[2]}`)).status).toBe(200);
    // 2^64 does not fit: a format error, not a silently different id
    expect((await raw("PUT", `/collections/${C}/points`, `{"points":[{"id":18446744073709551616,"vector":[1,0,0,0]}]}`)).status).toBe(400);
  });

  it("answered every request within the OpenAPI document", () => {
    expectContractHonoured(h);
    const seen = h.operationsSeen();
    for (const op of ["telemetry", "create_field_index", "delete_field_index", "get_point", "search_points", "search_batch_points", "query_points", "query_batch_points", "update_aliases"]) {
      expect(seen.has(op), `operation ${op} exercised`).toBe(true);
    }
  });
});
