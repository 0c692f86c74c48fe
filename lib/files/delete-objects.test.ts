import { describe, expect, it } from "vitest";
import { collectFolders, deepestFirst } from "./delete-objects";

describe("collectFolders", () => {
  it("names every folder between the prefix and each key, deepest first, the prefix last", () => {
    // "a/f/" is a marker object: it is deleted as a key, so it is not named again.
    const folders = collectFolders("a/", ["a/x.txt", "a/b/c/d.txt", "a/b/e.txt", "a/f/", "a/g/h"]);
    expect(deepestFirst(folders)).toEqual([["a/b/c/"], ["a/b/", "a/g/"], ["a/"]]);
  });

  it("never names the bucket root, and ignores keys outside the prefix", () => {
    expect(deepestFirst(collectFolders("", ["top.txt", "d/e.txt"]))).toEqual([["d/"]]);
    expect(deepestFirst(collectFolders("a/", ["b/c.txt"]))).toEqual([["a/"]]);
  });

  it("accumulates across pages without repeating a folder", () => {
    const folders = collectFolders("p/", ["p/q/1"]);
    collectFolders("p/", ["p/q/2", "p/r/3"], folders);
    expect(deepestFirst(folders)).toEqual([["p/q/", "p/r/"], ["p/"]]);
  });
});
