import { expect, test } from "vitest";
import { parseModelFilter } from "./filter";

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
