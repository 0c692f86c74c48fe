import { modelStates, type ModelState } from "./schemas";
import type { ModelFilter, ModelSort } from "./registry";

/** The dashboard's table state lives in the URL (shareable); anything unknown there is ignored rather than an error. */

export const modelSorts: ModelSort[] = ["name", "state", "size", "files", "lastAccess", "accesses", "created"];

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseModelFilter(params: Params): ModelFilter & { sort?: ModelSort } {
  const state = one(params.state);
  const pinned = one(params.pinned);
  const sort = one(params.sort);
  const text = one(params.q)?.trim().slice(0, 200);
  return {
    ...(state && (modelStates as readonly string[]).includes(state) ? { state: state as ModelState } : {}),
    ...(pinned === "yes" ? { pinned: true } : pinned === "no" ? { pinned: false } : {}),
    ...(text ? { text } : {}),
    ...(sort && (modelSorts as string[]).includes(sort) ? { sort: sort as ModelSort } : {}),
    ...(one(params.desc) === "1" ? { desc: true } : {}),
  };
}
