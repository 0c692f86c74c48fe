/** TanStack Query keys of the search section: one factory, so invalidation is one call. */
export const searchKeys = {
  all: ["search"] as const,
  results: (params: string) => ["search", "results", params] as const,
  collection: (name: string) => ["search", "collections", name] as const,
  documents: (name: string, status: string) => ["search", "collections", name, "documents", status] as const,
};
