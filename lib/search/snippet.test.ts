import { describe, expect, test } from "vitest";
import { makeSnippet, queryWords } from "./snippet";

describe("makeSnippet", () => {
  test("highlights words starting with a query word, case-insensitively, skipping stop words", () => {
    const s = makeSnippet("Indexes make the Index fast; the index is rebuilt.", "the index");
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(["Indexes", "Index", "index"]);
    expect(queryWords("The index OF things")).toEqual(["index", "things"]);
  });

  test("a long chunk is cut around the densest spot, with ellipses and shifted ranges", () => {
    const text = `${"filler words here ".repeat(60)}the tidal turbine and tidal power ${"more filler ".repeat(60)}`;
    const s = makeSnippet(text, "tidal turbine", 120);
    expect(s.text.startsWith("… ")).toBe(true);
    expect(s.text.endsWith(" …")).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(126);
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(["tidal", "turbine", "tidal"]);
  });

  test("stored text stays text: markup is not interpreted", () => {
    const s = makeSnippet("<script>alert(1)</script> search me", "search");
    expect(s.text).toContain("<script>");
    expect(s.highlights).toHaveLength(1);
  });
});
