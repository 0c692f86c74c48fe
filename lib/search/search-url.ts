import { defaultFusion } from "./qdrant-requests";
import type { SearchBody } from "./queries";

/**
 * The search page's state as URL parameters (`?q=…&mode=…&c=…`), both ways, so a search can be shared,
 * reloaded and navigated back to.
 */

export type SearchParams = {
  q: string;
  mode: "hybrid" | "dense" | "keyword";
  fusion: "rrf" | "dbsf";
  c: string[];
  bucket: string;
  prefix: string;
  type: string;
  after: string;
  before: string;
};

type Raw = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export function parseSearchParams(raw: Raw): SearchParams {
  const mode = one(raw.mode);
  return {
    q: one(raw.q),
    mode: mode === "dense" || mode === "keyword" ? mode : "hybrid",
    fusion: one(raw.fusion) === "rrf" ? "rrf" : one(raw.fusion) === "dbsf" ? "dbsf" : defaultFusion,
    c: many(raw.c),
    bucket: one(raw.bucket),
    prefix: one(raw.prefix),
    type: one(raw.type),
    after: one(raw.after),
    before: one(raw.before),
  };
}

export function toQueryString(p: SearchParams): string {
  const params = new URLSearchParams();
  if (p.q.trim()) params.set("q", p.q.trim());
  if (p.mode !== "hybrid") params.set("mode", p.mode);
  if (p.fusion !== defaultFusion) params.set("fusion", p.fusion);
  for (const c of p.c) params.append("c", c);
  for (const name of ["bucket", "prefix", "type", "after", "before"] as const) if (p[name].trim()) params.set(name, p[name].trim());
  return params.toString();
}

/** The request the page sends for these parameters; null when there is nothing to search for yet. */
export function toSearchBody(p: SearchParams): SearchBody | null {
  if (!p.q.trim()) return null;
  const filter: NonNullable<SearchBody["filter"]> = {
    ...(p.bucket ? { buckets: [p.bucket] } : {}),
    ...(p.prefix ? { prefix: p.prefix.endsWith("/") ? p.prefix : `${p.prefix}/` } : {}),
    ...(p.type ? { contentTypes: [p.type] } : {}),
    ...(p.after ? { modifiedAfter: p.after } : {}),
    ...(p.before ? { modifiedBefore: p.before } : {}),
  };
  return {
    query: p.q.trim(),
    mode: p.mode,
    fusion: p.fusion,
    limit: 20,
    ...(p.c.length ? { collections: p.c } : {}),
    ...(Object.keys(filter).length ? { filter } : {}),
  };
}
