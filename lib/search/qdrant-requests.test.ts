import { describe, expect, test } from "vitest";
import { createCollectionBody, documentsFilter, folderPrefixes, queryBatch, searchFilter } from "./qdrant-requests";

describe("Qdrant request bodies", () => {
  test("a collection has a named dense vector and a sparse vector with the idf modifier", () => {
    expect(createCollectionBody(384)).toEqual({ vectors: { dense: { size: 384, distance: "Cosine" } }, sparse_vectors: { sparse: { modifier: "idf" } } });
  });

  test("hybrid: prefetch both lists, fuse, and ask for each list again to rank", () => {
    const filter = searchFilter({ buckets: ["docs"], prefix: "a/" });
    const { searches, lists } = queryBatch({ mode: "hybrid", fusion: "rrf", dense: [0.1, 0.2], sparse: { indices: [3], values: [1] }, limit: 40, candidates: 50, filter });
    expect(lists).toEqual(["dense", "keyword"]);
    expect(searches[0]).toEqual({
      prefetch: [
        { query: [0.1, 0.2], using: "dense", filter, limit: 50, with_payload: false },
        { query: { indices: [3], values: [1] }, using: "sparse", filter, limit: 50, with_payload: false },
      ],
      query: { fusion: "rrf" },
      filter,
      limit: 40,
      with_payload: true,
    });
    expect(searches).toHaveLength(3);
    expect(searches[2]).toMatchObject({ using: "sparse", limit: 50 });
  });

  test("dbsf, dense-only and keyword-only", () => {
    const args = { dense: [1], sparse: { indices: [1], values: [1] }, limit: 5, candidates: 50, filter: undefined };
    expect(queryBatch({ ...args, mode: "hybrid", fusion: "dbsf" }).searches[0]).toMatchObject({ query: { fusion: "dbsf" } });
    expect(queryBatch({ ...args, mode: "dense", fusion: "rrf" }).searches).toEqual([{ query: [1], using: "dense", limit: 5, with_payload: true }]);
    expect(queryBatch({ ...args, mode: "keyword", fusion: "rrf" }).lists).toEqual(["keyword"]);
  });

  test("hybrid with an empty keyword vector falls back to the dense list alone", () => {
    const { searches, lists } = queryBatch({ mode: "hybrid", fusion: "rrf", dense: [1], sparse: { indices: [], values: [] }, limit: 5, candidates: 50, filter: undefined });
    expect(lists).toEqual(["dense"]);
    expect(searches).toHaveLength(1);
  });

  test("filters: folder prefixes are exact keyword matches, dates are unix-second ranges", () => {
    expect(folderPrefixes("a/b/c.txt")).toEqual(["a/", "a/b/"]);
    expect(folderPrefixes("top.txt")).toEqual([]);
    expect(
      searchFilter({ contentTypes: ["application/pdf"], modifiedAfter: new Date("2026-01-01T00:00:00Z"), modifiedBefore: new Date("2026-02-01T00:00:00Z") }),
    ).toEqual({
      must: [
        { key: "content_type", match: { any: ["application/pdf"] } },
        { key: "modified_at", range: { gte: 1767225600, lte: 1769904000 } },
      ],
    });
    expect(searchFilter({})).toBeUndefined();
  });

  test("a group of documents is one filter: indexed by key, each document from its own chunk", () => {
    expect(
      documentsFilter([
        { bucket: "b", key: "a.txt", fromChunk: 3 },
        { bucket: "c", key: "a.txt", fromChunk: 0 },
      ]),
    ).toEqual({
      must: [{ key: "key", match: { any: ["a.txt"] } }],
      should: [
        { must: [{ key: "bucket", match: { value: "b" } }, { key: "key", match: { value: "a.txt" } }, { key: "chunk", range: { gte: 3 } }] },
        { must: [{ key: "bucket", match: { value: "c" } }, { key: "key", match: { value: "a.txt" } }] },
      ],
    });
  });
});
