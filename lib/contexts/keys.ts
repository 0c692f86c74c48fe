/** TanStack Query keys of the contexts section: one factory, so invalidating "every context search" is one prefix. */
export const contextsKeys = {
  all: ["contexts"] as const,
  searches: () => ["contexts", "search"] as const,
  /** One search, named by its canonical query string (`contextSearchParams`). */
  search: (params: string) => ["contexts", "search", params] as const,
};
