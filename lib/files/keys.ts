/**
 * Query keys of the file browser's client-side data, from one factory so a component never spells a key
 * and invalidating "everything under this bucket" is one prefix (`filesKeys.objects(bucket)`).
 */
export const filesKeys = {
  all: ["files"] as const,
  buckets: () => ["files", "buckets"] as const,
  /** Every listing (no bucket), or every listing of one bucket. */
  objects: (bucket?: string) => (bucket === undefined ? (["files", "objects"] as const) : (["files", "objects", bucket] as const)),
  listing: (bucket: string, prefix: string, filter: string) => ["files", "objects", bucket, prefix, filter] as const,
  sortedListing: (bucket: string, prefix: string, filter: string, sort: string, order: string) => ["files", "objects", bucket, prefix, filter, "sorted", sort, order] as const,
  object: (bucket: string, key: string) => ["files", "object", bucket, key] as const,
  previewUrl: (bucket: string, key: string) => ["files", "preview-url", bucket, key] as const,
  previewText: (bucket: string, key: string, url: string | undefined) => ["files", "preview-text", bucket, key, url] as const,
  uploads: (scope?: "mine" | "all") => (scope === undefined ? (["files", "uploads"] as const) : (["files", "uploads", scope] as const)),
  links: (scope?: "mine" | "all", state?: "any" | "active" | "inactive") =>
    scope === undefined ? (["files", "links"] as const) : (["files", "links", scope, state ?? "any"] as const),
  operations: (scope?: "mine" | "all") => (scope === undefined ? (["files", "operations"] as const) : (["files", "operations", scope] as const)),
  linkAccesses: (id: string) => ["files", "link-accesses", id] as const,
};
