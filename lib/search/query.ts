import { embeddingProvider, type EmbeddingModelRef } from "@/lib/embeddings";
import type { CollectionRecord } from "./collections";
import { aliasName } from "./names";
import { queryBatch, searchFilter, type ChunkPayload } from "./qdrant-requests";
import type { SearchRequest } from "./schemas";
import { makeSnippet } from "./snippet";
import { sparseQueryVector } from "./sparse";
import { qdrant, vectorCall } from "./vector-store";

/**
 * A search over one or more collections: the query is embedded once per embedding model in play, each
 * collection answers through its alias with one `points/query/batch` call (the fused answer and, for
 * hybrid, the two ranked lists it fused), and chunks are grouped into documents, each shown by its best
 * chunk with the place it held in each list.
 */

export type SearchResult = {
  collection: string;
  bucket: string;
  key: string;
  title: string;
  chunk: number;
  headings: string[];
  snippet: string;
  /** [start, end) character ranges of `snippet` that match query words. */
  highlights: Array<[number, number]>;
  page?: number;
  contentType: string;
  modifiedAt: string | null;
  score: number;
  /** 1-based place of this chunk in the dense and keyword lists (null: not in the top `candidates`; absent: list not used). */
  ranks: { dense?: number | null; keyword?: number | null };
  /** How many of this document's chunks made the answer. */
  matchedChunks: number;
};

export type SearchResponse = { results: SearchResult[]; mode: SearchRequest["mode"]; tookMs: number; timings: { embedMs: number; queryMs: number } };

type ScoredPoint = { id: string | number; score: number; payload?: Record<string, unknown> | null };

const modelKey = (m: EmbeddingModelRef) => `${m.provider}:${m.model}`;

/** The query's dense vector for each embedding model in play (none in keyword mode). */
export async function embedQuery(request: Pick<SearchRequest, "query" | "mode">, collections: CollectionRecord[]): Promise<Map<string, number[]>> {
  const vectors = new Map<string, number[]>();
  if (request.mode === "keyword") return vectors;
  const models = new Map(collections.map((c) => [modelKey(c.model), c.model]));
  await Promise.all(
    [...models].map(async ([key, ref]) => {
      const [vector] = await embeddingProvider(ref).embed([request.query]);
      vectors.set(key, vector!);
    }),
  );
  return vectors;
}

export async function runSearch(request: SearchRequest, collections: CollectionRecord[]): Promise<SearchResponse> {
  const started = performance.now();
  const vectors = await embedQuery(request, collections);
  const embedMs = performance.now() - started;
  const answer = await searchWithVectors(request, collections, vectors);
  return { ...answer, tookMs: Math.round(performance.now() - started), timings: { embedMs: Math.round(embedMs), queryMs: answer.timings.queryMs } };
}

/** Everything a search does once the query is embedded: what bench/search times against the raw store query. */
export async function searchWithVectors(request: SearchRequest, collections: CollectionRecord[], vectors: Map<string, number[]>): Promise<SearchResponse> {
  const started = performance.now();
  const { query, mode, fusion, limit } = request;
  const chunkLimit = Math.min(limit * 4, 200);
  const candidates = Math.min(Math.max(limit * 5, 50), 200);
  const filter = searchFilter(request.filter ?? {});
  const sparse = mode === "dense" ? null : sparseQueryVector(query);

  const perCollection = await Promise.all(
    collections.map(async (collection) => {
      const { searches, lists } = queryBatch({ mode, fusion, dense: vectors.get(modelKey(collection.model)) ?? null, sparse, limit: chunkLimit, candidates, filter });
      if (searches.length === 0) return [];
      const alias = aliasName(collection.name);
      const answers = (await vectorCall(`searching ${collection.name}`, async () => {
        try {
          return await qdrant().queryBatch(alias, { searches: searches as never });
        } catch (error) {
          // No alias yet (never synced): nothing to find, and not an error.
          if ((error as { status?: number }).status === 404) return null;
          throw error;
        }
      })) as Array<{ points: ScoredPoint[] }> | null;
      if (!answers) return [];
      const [answer, ...listAnswers] = answers;
      const ranks = lists.map((name, i) => {
        const list = searches.length === 1 ? answer! : listAnswers[i]!;
        return { name, at: new Map(list.points.map((p, r) => [String(p.id), r + 1])) };
      });
      return (answer?.points ?? []).map((p) => ({ collection: collection.name, point: p, ranks }));
    }),
  );
  const queried = performance.now();

  const hits = perCollection.flat().sort((a, b) => b.point.score - a.point.score);
  const byDocument = new Map<string, SearchResult>();
  for (const { collection, point, ranks } of hits) {
    const payload = point.payload as unknown as ChunkPayload | undefined;
    if (!payload) continue;
    const docKey = `${collection}\u0000${payload.bucket}\u0000${payload.key}`;
    const existing = byDocument.get(docKey);
    if (existing) {
      existing.matchedChunks += 1;
      continue;
    }
    if (byDocument.size >= limit) continue;
    const snippet = makeSnippet(payload.text, query);
    byDocument.set(docKey, {
      collection,
      bucket: payload.bucket,
      key: payload.key,
      title: payload.title,
      chunk: payload.chunk,
      headings: payload.headings ?? [],
      snippet: snippet.text,
      highlights: snippet.highlights,
      ...(typeof payload.page === "number" ? { page: payload.page } : {}),
      contentType: payload.content_type,
      modifiedAt: payload.modified_at ? new Date(payload.modified_at * 1000).toISOString() : null,
      score: point.score,
      ranks: Object.fromEntries(ranks.map((r) => [r.name, r.at.get(String(point.id)) ?? null])),
      matchedChunks: 1,
    });
  }
  return {
    results: [...byDocument.values()],
    mode,
    tookMs: Math.round(performance.now() - started),
    timings: { embedMs: 0, queryMs: Math.round(queried - started) },
  };
}
