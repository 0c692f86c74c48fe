import { describe, expect, test } from "vitest";
import { sortRows, toggledAll, toggledKey } from "@/components/ui/collection-state";

type Item = { name: string; size: number | null };
const items: Item[] = [
  { name: "b10", size: 5 },
  { name: "a", size: null },
  { name: "b2", size: 5 },
  { name: "C", size: 1 },
];

describe("sorting a table's rows", () => {
  test("numbers by value, nulls last in both orders, ties keep their incoming order", () => {
    expect(sortRows(items, (i) => i.size, "asc").map((i) => i.name)).toEqual(["C", "b10", "b2", "a"]);
    expect(sortRows(items, (i) => i.size, "desc").map((i) => i.name)).toEqual(["b10", "b2", "C", "a"]);
  });

  test("text in natural order (b2 before b10), whatever the case, without touching the input", () => {
    expect(sortRows(items, (i) => i.name, "asc").map((i) => i.name)).toEqual(["a", "b2", "b10", "C"]);
    expect(items.map((i) => i.name)).toEqual(["b10", "a", "b2", "C"]);
  });
});

describe("selection", () => {
  test("toggling a key adds it once and removes it again", () => {
    const once = toggledKey(new Set(["x"]), "y");
    expect([...once].sort()).toEqual(["x", "y"]);
    expect([...toggledKey(once, "x")]).toEqual(["y"]);
  });

  test("select all picks every shown key; when all are picked it clears; nothing shown selects nothing", () => {
    expect([...toggledAll(new Set(["a"]), ["a", "b"])].sort()).toEqual(["a", "b"]);
    expect(toggledAll(new Set(["a", "b", "gone"]), ["a", "b"]).size).toBe(0);
    expect(toggledAll(new Set(), []).size).toBe(0);
  });
});
