import { infiniteQueryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch, apiPath } from "@/lib/http/api-fetch";
import { contextsKeys } from "./keys";
import type { ContextPage } from "./schemas";

/**
 * The browser's side of the contexts routes: plain fetchers (the only place each URL is written), the query
 * options built on them, and what a change invalidates. Components never build a URL or a key themselves.
 */

/** The console's search filters (`searchFiltersSchema` on the server); empty strings mean "any". */
export type ContextSearchFilters = { text: string; title: string; conversation: string; user: string; tier: "" | "warm" | "cold" };

const filterNames = ["text", "title", "conversation", "user", "tier"] as const;

/** The filters as a query string: trimmed, empty ones left out, in one order (it is also the cache key). */
export function contextSearchParams(filters: ContextSearchFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of filterNames) if (filters[name].trim()) params.set(name, filters[name].trim());
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

const contextPath = (userId: string, conversationId: string) => `/api/contexts/${encodeURIComponent(userId)}/${encodeURIComponent(conversationId)}`;

export const contextsApi = {
  /** One page of the caller's visible contexts (admins: everyone's), keyset-paged by `cursor`. */
  search: (filters: ContextSearchFilters, cursor?: string) => apiFetch<ContextPage>(`/api/contexts?${contextSearchParams(filters, cursor ? { cursor } : {})}`),
};

/** A context as a JSON download, for `<a download>`. */
export function contextExportHref(userId: string, conversationId: string): string {
  return apiPath(`${contextPath(userId, conversationId)}/export`);
}

export const contextsQueries = {
  search: (filters: ContextSearchFilters) =>
    infiniteQueryOptions({
      queryKey: contextsKeys.search(contextSearchParams(filters)),
      queryFn: ({ pageParam }) => contextsApi.search(filters, pageParam || undefined),
      initialPageParam: "",
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
};

/** What a change to contexts makes stale: the one place that is decided. */
export const contextsInvalidation = {
  /** A context was archived, restored, deleted or written: every search may list it differently. */
  contextsChanged: (client: QueryClient) => client.invalidateQueries({ queryKey: contextsKeys.searches() }),
};
