import { infiniteQueryOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch, apiPath } from "@/lib/http/api-fetch";
import type { DocumentView } from "./collections";
import { searchKeys } from "./keys";
import type { SearchResponse } from "./query";
import type { CollectionSummary } from "./service";
import type { OperationView } from "./operations";

/**
 * The browser's side of the search routes: plain fetchers (the only place each URL is written), the query
 * options built on them, and what a change invalidates. Components never build a URL or a key themselves.
 * Types only from the server modules.
 */

export type CollectionDetail = CollectionSummary & { operations: OperationView[] };

export type SearchBody = {
  query: string;
  mode: "hybrid" | "dense" | "keyword";
  fusion: "rrf" | "dbsf";
  limit: number;
  collections?: string[];
  filter?: { buckets?: string[]; prefix?: string; contentTypes?: string[]; modifiedAfter?: string; modifiedBefore?: string };
};

type DocumentsPage = { documents: DocumentView[]; nextCursor: string | null };

const collectionPath = (name: string) => `/api/search/collections/${encodeURIComponent(name)}`;

export const searchApi = {
  search: (body: SearchBody) => apiFetch<SearchResponse>("/api/search", { method: "POST", json: body }),
  collection: (name: string) => apiFetch<CollectionDetail>(collectionPath(name)),
  /** 100 documents a page, optionally of one status, keyset-paged by `cursor`. */
  documents: (name: string, status: string, cursor?: string) => {
    const params = new URLSearchParams({ limit: "100" });
    if (status) params.set("status", status);
    if (cursor) params.set("cursor", cursor);
    return apiFetch<DocumentsPage>(`${collectionPath(name)}/documents?${params}`);
  },
};

/**
 * Open for a search result: the console's presigning route (app/api/search/open: a short-lived inline URL,
 * lib/search/open.ts; the bytes come from the store, not the app); a PDF opens at the chunk's page
 * (`#page=`, which browsers keep across the redirect).
 */
export function searchOpenHref(bucket: string, key: string, contentType: string, page?: number): string {
  const base = apiPath(`/api/search/open?${new URLSearchParams({ bucket, key, type: contentType })}`);
  return page ? `${base}#page=${page}` : base;
}

export const searchQueries = {
  /** `key` is the search's canonical query string; no body, no request. */
  results: (key: string, body: SearchBody | null) =>
    queryOptions({
      queryKey: searchKeys.results(key),
      queryFn: () => searchApi.search(body!),
      enabled: body !== null,
      staleTime: 30_000,
    }),
  /** Polls every 2 s while an operation is queued or running, then stops (docs/search.md says why polling). */
  collection: (name: string, initial?: CollectionDetail) =>
    queryOptions({
      queryKey: searchKeys.collection(name),
      queryFn: () => searchApi.collection(name),
      ...(initial ? { initialData: initial } : {}),
      refetchInterval: (query) => (query.state.data?.operation ? 2000 : false),
    }),
  documents: (name: string, status: string) =>
    infiniteQueryOptions({
      queryKey: searchKeys.documents(name, status),
      queryFn: ({ pageParam }) => searchApi.documents(name, status, pageParam || undefined),
      initialPageParam: "",
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
};

/** What a change makes stale: the one place that is decided. */
export const searchInvalidation = {
  /** An action on a collection (sync queued, cancel, retry): the collection and every list of its documents. */
  collectionChanged: (client: QueryClient, name: string) => client.invalidateQueries({ queryKey: searchKeys.collection(name) }),
  /** The running operation moved (seen by the collection's poll): documents changed status, the lists refresh. */
  progressMoved: (client: QueryClient, name: string) => client.invalidateQueries({ queryKey: searchKeys.allDocuments(name) }),
};
