import { describe, expect, it } from "vitest";
import type { ObjectEntry } from "./list-objects";
import { sortObjects } from "./sorted-listing";

const entry = (key: string, size: number, lastModified: string | null): ObjectEntry => ({ key, size, lastModified, etag: null, storageClass: null });

describe("sortObjects", () => {
  const objects = [entry("a", 30, "2026-12-01T10:00:00Z"), entry("b", 10, "2026-12-02T10:00:00Z"), entry("c", 30, null), entry("d", 20, "2026-11-30T10:00:00Z")];

  it("sorts by size either way, ties in name order", () => {
    expect(sortObjects(objects, "size", "asc").map((o) => o.key)).toEqual(["b", "d", "a", "c"]);
    expect(sortObjects(objects, "size", "desc").map((o) => o.key)).toEqual(["a", "c", "d", "b"]);
  });

  it("sorts by date, an unknown date as the oldest", () => {
    expect(sortObjects(objects, "modified", "asc").map((o) => o.key)).toEqual(["c", "d", "a", "b"]);
    expect(sortObjects(objects, "modified", "desc").map((o) => o.key)).toEqual(["b", "a", "d", "c"]);
  });
});
