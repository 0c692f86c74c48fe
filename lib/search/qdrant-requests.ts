/**
 * The bodies Strata sends to the vector store, built by pure functions so their shape is unit-tested
 * against what real Qdrant expects (Query API, v1.10+): one collection per generation with a named dense
 * vector `dense` and a named sparse vector `sparse` whose IDF Qdrant computes (`modifier: "idf"`).
 */

export const DENSE = "dense";
export const SPARSE = "sparse";

export type SparseVector = { indices: number[]; values: number[] };

export function createCollectionBody(dimensions: number) {
  return {
    vectors: { [DENSE]: { size: dimensions, distance: "Cosine" as const } },
    sparse_vectors: { [SPARSE]: { modifier: "idf" as const } },
  };
}

/** Every payload field a search filters on or a sync deletes by, with the index type that serves it. */
export const payloadIndexes = [
  { field_name: "bucket", field_schema: "keyword" },
  { field_name: "key", field_schema: "keyword" },
  { field_name: "dirs", field_schema: "keyword" },
  { field_name: "content_type", field_schema: "keyword" },
  { field_name: "modified_at", field_schema: "integer" },
  { field_name: "chunk", field_schema: "integer" },
] as const;

/** What each point carries besides its vectors. */
export type ChunkPayload = {
  bucket: string;
  key: string;
  /** Every folder above the key ("a/", "a/b/"), so a prefix filter is an exact keyword match. */
  dirs: string[];
  etag: string;
  chunk: number;
  headings: string[];
  start: number;
  end: number;
  page?: number;
  content_type: string;
  /** Unix seconds, for range filters. */
  modified_at: number;
  size: number;
  title: string;
  text: string;
};

export function folderPrefixes(key: string): string[] {
  const parts = key.split("/").slice(0, -1);
  return parts.map((_, i) => `${parts.slice(0, i + 1).join("/")}/`);
}

export type Condition =
  | { key: string; match: { value: string | number } }
  | { key: string; match: { any: string[] } }
  | { key: string; range: { gte?: number; lte?: number } };
/** A `should` holds whole filters (Qdrant's nested filter condition): a point matches if one of them does. */
export type Filter = { must: Condition[]; should?: Array<{ must: Condition[] }> };

/** A document's points from `fromChunk` on: 0 for all of them, n for a new, shorter version's old tail. */
export type DocumentChunks = { bucket: string; key: string; fromChunk: number };

/**
 * The points of several documents in one filter, so a sync writes a group of documents with one delete.
 * The outer `key` match lets the store start from its keyword index (the candidates are those documents'
 * points, never a scan); each `should` branch then picks one document's chunks.
 */
export function documentsFilter(docs: DocumentChunks[]): Filter {
  return {
    must: [{ key: "key", match: { any: [...new Set(docs.map((d) => d.key))] } }],
    should: docs.map((d) => {
      const must: Condition[] = [
        { key: "bucket", match: { value: d.bucket } },
        { key: "key", match: { value: d.key } },
      ];
      if (d.fromChunk > 0) must.push({ key: "chunk", range: { gte: d.fromChunk } });
      return { must };
    }),
  };
}

export type SearchFilter = {
  buckets?: string[] | undefined;
  prefix?: string | undefined;
  contentTypes?: string[] | undefined;
  modifiedAfter?: Date | undefined;
  modifiedBefore?: Date | undefined;
};

export function searchFilter(f: SearchFilter): Filter | undefined {
  const must: Condition[] = [];
  if (f.buckets?.length) must.push({ key: "bucket", match: { any: f.buckets } });
  if (f.prefix) must.push({ key: "dirs", match: { value: f.prefix } });
  if (f.contentTypes?.length) must.push({ key: "content_type", match: { any: f.contentTypes } });
  if (f.modifiedAfter || f.modifiedBefore) {
    must.push({
      key: "modified_at",
      range: {
        ...(f.modifiedAfter ? { gte: Math.floor(f.modifiedAfter.getTime() / 1000) } : {}),
        ...(f.modifiedBefore ? { lte: Math.floor(f.modifiedBefore.getTime() / 1000) } : {}),
      },
    });
  }
  return must.length ? { must } : undefined;
}

export type SearchMode = "hybrid" | "dense" | "keyword";
export type Fusion = "rrf" | "dbsf";

/**
 * Hybrid's default fusion: DBSF (distribution-based score fusion; each list's scores normalised by its
 * mean ± 3σ, then summed). It has no parameter to tune and, on the judged manual-page set, it was the only
 * fusion above dense alone at every prefetch size tried, where Qdrant's default RRF (k = 2, equal weights)
 * fell just below it (bench/search/fusion-sweep.ts, docs/search.md). RRF stays available per request.
 */
export const defaultFusion: Fusion = "dbsf";

type QueryRequest = Record<string, unknown>;

/**
 * The searches of one `points/query/batch` call. The first answers the query; the others are the ranked
 * lists it fused (hybrid only), asked for again without payload so each result can say where it stood in
 * each list. Qdrant applies a request's filter to its prefetches too; it is repeated in each prefetch
 * anyway so the candidate lists are filtered before fusion on any implementation.
 */
export function queryBatch(input: {
  mode: SearchMode;
  fusion: Fusion;
  dense: number[] | null;
  sparse: SparseVector | null;
  limit: number;
  candidates: number;
  filter: Filter | undefined;
}): { searches: QueryRequest[]; lists: Array<"dense" | "keyword"> } {
  const f = input.filter ? { filter: input.filter } : {};
  const dense = input.dense ? { query: input.dense, using: DENSE } : null;
  const sparse = input.sparse && input.sparse.indices.length > 0 ? { query: input.sparse, using: SPARSE } : null;
  const answer = (q: Record<string, unknown>) => ({ ...q, ...f, limit: input.limit, with_payload: true });
  const list = (q: Record<string, unknown>) => ({ ...q, ...f, limit: input.candidates, with_payload: false });

  if (input.mode === "dense") return dense ? { searches: [answer(dense)], lists: ["dense"] } : { searches: [], lists: [] };
  if (input.mode === "keyword") return sparse ? { searches: [answer(sparse)], lists: ["keyword"] } : { searches: [], lists: [] };

  const parts: Array<["dense" | "keyword", Record<string, unknown>]> = [];
  if (dense) parts.push(["dense", dense]);
  if (sparse) parts.push(["keyword", sparse]);
  if (parts.length === 0) return { searches: [], lists: [] };
  if (parts.length === 1) {
    // A query with no word the keyword side knows (only punctuation, say): the dense list alone.
    const [name, q] = parts[0]!;
    return { searches: [answer(q)], lists: [name] };
  }
  const fused = answer({ prefetch: parts.map(([, q]) => list(q)), query: { fusion: input.fusion } });
  return { searches: [fused, ...parts.map(([, q]) => list(q))], lists: parts.map(([name]) => name) };
}
