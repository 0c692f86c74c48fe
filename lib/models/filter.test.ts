import { expect, test } from "vitest";
import { modelsHref, parseModelFilter } from "./filter";

test("the table's URL state: known values kept, unknown ones dropped", () => {
  expect(parseModelFilter({ state: "hot", pinned: "yes", q: "  llama ", sort: "size", desc: "1" })).toEqual({
    state: "hot",
    pinned: true,
    text: "llama",
    sort: "size",
    desc: true,
  });
  expect(parseModelFilter({ state: "warm", pinned: "maybe", sort: "DROP TABLE", desc: "0", q: ["a", "b"] })).toEqual({ text: "a" });
});

test("the URL of a view reads back as the same view, with or without a page", () => {
  const view = { state: "cold", pinned: false, text: "llama 3/8b", sort: "lastAccess", desc: true } as const;
  const href = modelsHref(view);
  expect(href).toBe("/models?state=cold&pinned=no&q=llama+3%2F8b&sort=lastAccess&desc=1");
  expect(parseModelFilter(Object.fromEntries(new URL(href, "http://x").searchParams))).toEqual(view);
  const paged = modelsHref(view, { cursor: "abc_-1", number: 3 });
  expect(parseModelFilter(Object.fromEntries(new URL(paged, "http://x").searchParams))).toEqual({ ...view, cursor: "abc_-1", page: 3 });
  expect(modelsHref({})).toBe("/models");
});
