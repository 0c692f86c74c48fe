/**
 * Sparse vectors, prefetch and fusion through the official JS client: the hybrid query
 * Strata's search section sends (dense + sparse prefetches fused with RRF), with
 * expected scores worked out by hand from Qdrant's formulas:
 *   IDF  ln((N - df + 0.5) / (df + 0.5) + 1)
 *   RRF  sum of 1 / (position + k), position 0-based, k = 2 by default
 *   DBSF (s - (mean - 3 sd)) / (6 sd) per list (sample sd), summed
 */
import { describe, expect, it } from "vitest";
import { apiError, expectContractHonoured, setupEngine } from "./harness";

const h = setupEngine();
const C = "hybrid";

// dense (Cosine, 2-d) scores against [1, 0] are the first coordinate of the unit vector
const unit = (x: number) => [x, Math.sqrt(1 - x * x)];
const points = [
  { id: 1, vector: { dense: unit(0.1), sparse: { indices: [2, 1], values: [2, 1] } }, payload: { tag: "a" } },
  { id: 2, vector: { dense: unit(0.9), sparse: { indices: [2, 3], values: [1, 1] } }, payload: { tag: "b" } },
  { id: 3, vector: { dense: unit(0.5), sparse: { indices: [3], values: [3] } }, payload: { tag: "a" } },
  { id: 4, vector: { dense: unit(0.7) }, payload: { tag: "b" } },
];
const ln = Math.log;
const idf = (n: number, df: number) => ln((n - df + 0.5) / (df + 0.5) + 1);

type Scored = { id: string | number; score: number };
function expectScores(got: Scored[], want: [number, number][]): void {
  expect(got.map((p) => p.id)).toEqual(want.map(([id]) => id));
  got.forEach((p, i) => expect(p.score).toBeCloseTo(want[i]![1], 5));
}

describe("sparse vectors, prefetch and fusion", () => {
  it("creates a collection with a named dense and a named sparse vector (idf)", async () => {
    expect(
      await h.client.createCollection(C, {
        vectors: { dense: { size: 2, distance: "Cosine" } },
        sparse_vectors: { sparse: { modifier: "idf" } },
      }),
    ).toBe(true);
    const info = await h.client.getCollection(C);
    expect(info.config.params.sparse_vectors).toEqual({ sparse: { modifier: "idf" } });
    expect(await h.client.createPayloadIndex(C, { field_name: "tag", field_schema: "keyword", wait: true })).toMatchObject({ status: "completed" });
    expect(await h.client.upsert(C, { wait: true, points: points.slice(0, 2) })).toMatchObject({ status: "completed" });
    // the batch form carries sparse vectors too
    await h.client.upsert(C, {
      wait: true,
      batch: { ids: [3], vectors: { dense: [unit(0.5)], sparse: [{ indices: [3], values: [3] }] }, payloads: [{ tag: "a" }] },
    });
    await h.client.upsert(C, { wait: true, points: points.slice(3) });
    expect((await h.client.count(C, { filter: { must: [{ has_vector: "sparse" }] } })).count).toBe(3);
  });

  it("returns sparse vectors sorted by index", async () => {
    const [p1] = await h.client.retrieve(C, { ids: [1], with_vector: true });
    expect(p1!.vector).toMatchObject({ sparse: { indices: [1, 2], values: [1, 2] } });
    const [p4] = await h.client.retrieve(C, { ids: [4], with_vector: ["sparse"] });
    expect(p4!.vector).toEqual({});
  });

  it("searches by a sparse vector with IDF weights", async () => {
    const res = await h.client.query(C, { query: { indices: [3, 1], values: [1, 1] }, using: "sparse", limit: 10 });
    expectScores(res.points, [
      [3, 3 * idf(3, 2)],
      [1, idf(3, 1)],
      [2, idf(3, 2)],
    ]);
    // the 1.18 search endpoint with a NamedSparseVector
    const legacy = await h.client.search(C, { vector: { name: "sparse", vector: { indices: [3], values: [1] } }, limit: 1 });
    expect(legacy.map((p) => p.id)).toEqual([3]);
    // by point id: its sparse vector, the point itself excluded
    const byId = await h.client.query(C, { query: 3, using: "sparse" });
    expect(byId.points.map((p) => p.id)).toEqual([2]);
  });

  it("fuses a dense and a sparse prefetch with RRF, as the search section sends it", async () => {
    const hybrid = (filter?: object) => ({
      prefetch: [
        { query: [1, 0], using: "dense", limit: 10, ...(filter ? { filter } : {}) },
        { query: { indices: [1, 3], values: [1, 1] }, using: "sparse", limit: 10, ...(filter ? { filter } : {}) },
      ],
      query: { fusion: "rrf" as const },
      limit: 10,
      with_payload: true,
    });
    // dense: 2, 4, 3, 1; sparse (idf): 3, 1, 2
    const res = await h.client.query(C, hybrid());
    expectScores(res.points, [
      [3, 1 / 4 + 1 / 2],
      [2, 1 / 2 + 1 / 4],
      [1, 1 / 5 + 1 / 3],
      [4, 1 / 3],
    ].sort((a, b) => b[1]! - a[1]! || b[0]! - a[0]!) as [number, number][]);
    expect(res.points[0]!.payload).toEqual({ tag: "a" });
    // filtered prefetches: dense 2, 4; sparse 2
    const filtered = await h.client.query(C, hybrid({ must: [{ key: "tag", match: { value: "b" } }] }));
    expectScores(filtered.points, [
      [2, 1],
      [4, 1 / 3],
    ]);
    // the same through the root filter, which applies to every prefetch
    const rooted = await h.client.query(C, { ...hybrid(), filter: { must: [{ key: "tag", match: { value: "b" } }] } });
    expect(rooted.points).toEqual(filtered.points);
  });

  it("fuses with DBSF, rrf parameters, nested prefetches and rescoring", async () => {
    const prefetch = [
      { query: [1, 0], using: "dense", limit: 10 },
      { query: { indices: [2], values: [1] }, using: "sparse", limit: 10 },
    ];
    // dense scores 0.9, 0.7, 0.5, 0.1 (ids 2, 4, 3, 1); sparse [2] (idf equal for both): p1 2w, p2 1w
    const dense = [0.9, 0.7, 0.5, 0.1];
    const mean = dense.reduce((s, x) => s + x, 0) / 4;
    const sd = Math.sqrt(dense.reduce((s, x) => s + (x - mean) ** 2, 0) / 3);
    const dn = (x: number) => (x - (mean - 3 * sd)) / (6 * sd);
    const w = idf(3, 2);
    const sMean = (3 * w) / 2;
    const sSd = Math.sqrt(((2 * w - sMean) ** 2 + (w - sMean) ** 2) / 1);
    const sn = (x: number) => (x - (sMean - 3 * sSd)) / (6 * sSd);
    const dbsf = await h.client.query(C, { prefetch, query: { fusion: "dbsf" }, limit: 10 });
    const want: [number, number][] = [
      [2, dn(0.9) + sn(w)],
      [4, dn(0.7)],
      [3, dn(0.5)],
      [1, dn(0.1) + sn(2 * w)],
    ];
    want.sort((a, b) => b[1] - a[1]);
    expectScores(dbsf.points, want);

    // rrf with k and weights (1 / ((pos + 1) / weight + k - 1))
    const rrf = await h.client.query(C, { prefetch, query: { rrf: { k: 10, weights: [1, 2] } }, limit: 2 });
    const p2 = 1 / 10 + 1 / (2 / 2 + 9);
    const p1 = 1 / 13 + 1 / (1 / 2 + 9);
    expectScores(rrf.points, [
      [1, p1],
      [2, p2],
    ].sort((a, b) => b[1]! - a[1]!) as [number, number][]);

    // nested: fuse, keep 3, then rescore those with the dense vector (params pass through)
    const nested = await h.client.query(C, {
      prefetch: { prefetch, query: { fusion: "rrf" }, limit: 3 },
      query: [1, 0],
      using: "dense",
      params: { hnsw_ef: 64, exact: false },
      limit: 10,
    });
    // rrf: p2 1/2+1/3, p1 1/5+1/2, p4 1/3, p3 1/4 -> keeps 2, 1, 4; rescored by dense
    expectScores(nested.points, [
      [2, 0.9],
      [4, 0.7],
      [1, 0.1],
    ]);
    // offset and score_threshold at the root
    const page = await h.client.query(C, { prefetch, query: { fusion: "rrf" }, limit: 1, offset: 1, score_threshold: 0.3 });
    expect(page.points.map((p) => p.id)).toEqual([1]);
    // query_batch with a hybrid query
    const batch = await h.client.queryBatch(C, { searches: [{ prefetch, query: { fusion: "rrf" }, limit: 1 }, { query: [1, 0], using: "dense", limit: 1 }] });
    expect(batch.map((b) => b.points.map((p) => p.id))).toEqual([[2], [2]]);
  });

  it("keeps sparse vectors through updates and deletes", async () => {
    await h.client.updateVectors(C, { wait: true, points: [{ id: 2, vector: { sparse: { indices: [1], values: [5] } } }] });
    let res = await h.client.query(C, { query: { indices: [1], values: [1] }, using: "sparse" });
    expect(res.points.map((p) => p.id)).toEqual([2, 1]);
    await h.client.deleteVectors(C, { wait: true, points: [2], vector: ["sparse"] });
    res = await h.client.query(C, { query: { indices: [1], values: [1] }, using: "sparse" });
    expect(res.points.map((p) => p.id)).toEqual([1]);
    await h.client.updateCollection(C, { sparse_vectors: { sparse: { modifier: "none" } } });
    res = await h.client.query(C, { query: { indices: [1, 3], values: [1, 1] }, using: "sparse" });
    expectScores(res.points, [
      [3, 3],
      [1, 1],
    ]);
  });

  it("refuses invalid sparse input and misplaced fusion with 4xx", async () => {
    // Each call starts only when its case is checked: a promise made up front would reject unobserved.
    const cases: [string, () => Promise<unknown>, number, RegExp][] = [
      ["lengths differ", () => h.client.upsert(C, { wait: true, points: [{ id: 9, vector: { sparse: { indices: [1, 2], values: [1] } } }] }), 422, /same length/],
      ["duplicate index", () => h.client.upsert(C, { wait: true, points: [{ id: 9, vector: { sparse: { indices: [1, 1], values: [1, 2] } } }] }), 422, /unique/],
      ["dense vector for a sparse name", () => h.client.upsert(C, { wait: true, points: [{ id: 9, vector: { sparse: [1, 2] } }] }), 400, /sparse/],
      ["sparse query on the dense vector", () => h.client.query(C, { query: { indices: [1], values: [1] }, using: "dense" }), 400, /dense/],
      ["fusion without prefetch", () => h.client.query(C, { query: { fusion: "rrf" } }), 400, /without prefetches/],
      ["prefetch without query", () => h.client.query(C, { prefetch: [{ query: [1, 0], using: "dense" }] }), 400, /without a query/],
      ["rrf weights", () => h.client.query(C, { prefetch: [{ query: [1, 0], using: "dense" }], query: { rrf: { weights: [1, 2] } } }), 422, /weights/],
    ];
    for (const [name, call, status, message] of cases) {
      const err = await apiError(call());
      expect(err.status, name).toBe(status);
      expect(err.message, name).toMatch(message);
    }
    expect((await h.client.getCollection(C)).points_count).toBe(4);
  });

  it("answered every request within the OpenAPI document", () => {
    expectContractHonoured(h);
  });
});
