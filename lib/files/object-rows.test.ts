import { describe, expect, it } from "vitest";
import type { ListingPage } from "./list-objects";
import { rowsOf } from "./object-rows";

const object = (key: string, size: number, lastModified: string) => ({ key, size, lastModified, etag: null, storageClass: null });

const pages: ListingPage[] = [
  { folders: ["p/a/"], objects: [object("p/b.txt", 30, "2026-01-03T00:00:00Z"), object("p/c.txt", 10, "2026-01-01T00:00:00Z")], nextToken: "t" },
  { folders: ["p/d/"], objects: [object("p/e.txt", 20, "2026-01-02T00:00:00Z")], nextToken: null },
];

describe("rowsOf", () => {
  it("puts folders first and keeps the store's order by default", () => {
    expect(rowsOf(pages, "name", "asc").map((r) => r.name)).toEqual(["a", "d", "b.txt", "c.txt", "e.txt"]);
    expect(rowsOf(pages, "name", "desc").map((r) => r.name)).toEqual(["d", "a", "e.txt", "c.txt", "b.txt"]);
  });

  it("sorts the loaded objects by size or date, folders staying on top", () => {
    expect(rowsOf(pages, "size", "asc").map((r) => r.name)).toEqual(["a", "d", "c.txt", "e.txt", "b.txt"]);
    expect(rowsOf(pages, "modified", "desc").map((r) => r.name)).toEqual(["a", "d", "b.txt", "e.txt", "c.txt"]);
  });

  it("gives folders and files distinct ids even when names collide", () => {
    const ids = rowsOf([{ folders: ["x/"], objects: [object("x", 1, "")], nextToken: null }], "name", "asc").map((r) => r.id);
    expect(new Set(ids).size).toBe(2);
  });
});
