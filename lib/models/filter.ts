import { modelStates, type ModelState } from "./schemas";
import type { ModelFilter, ModelSort } from "./registry";

/** The dashboard's table state lives in the URL (shareable); anything unknown there is ignored rather than an error. */

export const modelSorts: ModelSort[] = ["name", "state", "size", "files", "lastAccess", "accesses", "created"];

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The dashboard's page size; the table pages by cursor (`cursor` in the URL, `page` only for display). */
export const MODELS_PAGE_SIZE = 100;

export type ModelTableState = ModelFilter & { sort?: ModelSort; cursor?: string; page?: number };

export function parseModelFilter(params: Params): ModelTableState {
  const state = one(params.state);
  const pinned = one(params.pinned);
  const sort = one(params.sort);
  const text = one(params.q)?.trim().slice(0, 200);
  const cursor = one(params.cursor);
  const page = one(params.page);
  return {
    ...(state && (modelStates as readonly string[]).includes(state) ? { state: state as ModelState } : {}),
    ...(pinned === "yes" ? { pinned: true } : pinned === "no" ? { pinned: false } : {}),
    ...(text ? { text } : {}),
    ...(sort && (modelSorts as string[]).includes(sort) ? { sort: sort as ModelSort } : {}),
    ...(one(params.desc) === "1" ? { desc: true } : {}),
    ...(cursor && /^[A-Za-z0-9_-]{1,2000}$/.test(cursor) ? { cursor, page: page && /^[0-9]{1,6}$/.test(page) ? Math.max(1, Number(page)) : 2 } : {}),
  };
}

/** The dashboard URL showing `filter` (the inverse of `parseModelFilter`) from its first page, or from `page`. */
export function modelsHref(filter: ModelTableState, page?: { cursor: string; number: number }): string {
  const query = new URLSearchParams();
  if (filter.state) query.set("state", filter.state);
  if (filter.pinned !== undefined) query.set("pinned", filter.pinned ? "yes" : "no");
  if (filter.text) query.set("q", filter.text);
  if (filter.sort) query.set("sort", filter.sort);
  if (filter.desc) query.set("desc", "1");
  if (page) {
    query.set("cursor", page.cursor);
    query.set("page", String(page.number));
  }
  const q = query.toString();
  return `/models${q ? `?${q}` : ""}`;
}
