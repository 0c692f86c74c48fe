import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-fetch";
import type { DocumentView } from "./collections";
import { searchKeys } from "./keys";
import type { SearchResponse } from "./query";
import type { CollectionSummary } from "./service";
import type { OperationView } from "./operations";

/** The browser's fetchers for the search section (types only from the server modules). */

export type CollectionDetail = CollectionSummary & { operations: OperationView[] };

export type SearchBody = {
  query: string;
  mode: "hybrid" | "dense" | "keyword";
  fusion: "rrf" | "dbsf";
  limit: number;
  collections?: string[];
  filter?: { buckets?: string[]; prefix?: string; contentTypes?: string[]; modifiedAfter?: string; modifiedBefore?: string };
};

export const searchResultsQuery = (key: string, body: SearchBody | null) =>
  queryOptions({
    queryKey: searchKeys.results(key),
    queryFn: () => apiFetch<SearchResponse>("/api/search", { method: "POST", json: body }),
    enabled: body !== null,
    staleTime: 30_000,
  });

/** Polls every 2 s while an operation is queued or running, then stops. */
export const collectionQuery = (name: string, initial?: CollectionDetail) =>
  queryOptions({
    queryKey: searchKeys.collection(name),
    queryFn: () => apiFetch<CollectionDetail>(`/api/search/collections/${encodeURIComponent(name)}`),
    ...(initial ? { initialData: initial } : {}),
    refetchInterval: (query) => (query.state.data?.operation ? 2000 : false),
  });

export const documentsQuery = (name: string, status: string) =>
  infiniteQueryOptions({
    queryKey: searchKeys.documents(name, status),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: "100" });
      if (status) params.set("status", status);
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<{ documents: DocumentView[]; nextCursor: string | null }>(`/api/search/collections/${encodeURIComponent(name)}/documents?${params}`);
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
