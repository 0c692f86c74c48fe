/** TanStack Query keys of the search section: one factory, so an invalidation is one prefix. */
export const searchKeys = {
  all: ["search"] as const,
  /** One search, named by its canonical query string (`toQueryString`). */
  results: (params: string) => ["search", "results", params] as const,
  /** A collection; also the prefix of its documents' lists, so invalidating it refreshes both. */
  collection: (name: string) => ["search", "collections", name] as const,
  /** Every documents list of a collection (each status filter is its own list). */
  allDocuments: (name: string) => ["search", "collections", name, "documents"] as const,
  documents: (name: string, status: string) => ["search", "collections", name, "documents", status] as const,
};
