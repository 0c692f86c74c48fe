import { describe, expect, test } from "vitest";
import { chunkDocument, countTokens } from "./chunk";
import type { Block } from "./extract/blocks";

// Distinct one-token words ("alphaba", "alphabb", …): letters only, since digits are tokens of their own.
const tag = (i: number) => String.fromCharCode(97 + Math.floor(i / 26) % 26, 97 + (i % 26));
const words = (n: number, word = "alpha") => Array.from({ length: n }, (_, i) => `${word}${tag(i)}`).join(" ");

describe("chunkDocument", () => {
  test("markdown never crosses a heading and records the heading path", () => {
    const blocks: Block[] = [
      { kind: "heading", level: 1, text: "Guide" },
      { kind: "text", text: words(10) },
      { kind: "heading", level: 2, text: "Install" },
      { kind: "text", text: words(10, "beta") },
      { kind: "heading", level: 2, text: "Use" },
      { kind: "text", text: words(10, "gamma") },
    ];
    const chunks = chunkDocument(blocks, { strategy: "markdown", size: 100, overlap: 10 });
    expect(chunks.map((c) => c.headings)).toEqual([["Guide"], ["Guide", "Install"], ["Guide", "Use"]]);
    expect(chunks[1]!.text.startsWith("Install")).toBe(true);
    expect(chunks[1]!.text).not.toContain("gamma");
  });

  test("paragraph packs blocks across headings up to the size", () => {
    const blocks: Block[] = [
      { kind: "heading", level: 1, text: "Guide" },
      { kind: "text", text: words(10) },
      { kind: "heading", level: 2, text: "Install" },
    ];
    expect(chunkDocument(blocks, { strategy: "paragraph", size: 100, overlap: 10 })).toHaveLength(1);
  });

  test("fixed windows have the size and overlap asked for, and offsets point into the text", () => {
    const text = words(100);
    const chunks = chunkDocument([{ kind: "text", text }], { strategy: "fixed", size: 30, overlap: 5 });
    expect(chunks.map((c) => countTokens(c.text))).toEqual([30, 30, 30, 25]);
    expect(chunks[1]!.text.startsWith(`alpha${tag(25)}`)).toBe(true);
    for (const c of chunks) expect(text.slice(c.start, c.end)).toBe(c.text);
  });

  test("a block larger than the size is cut inside; whole blocks are kept when they fit", () => {
    const blocks: Block[] = [
      { kind: "text", text: words(20) },
      { kind: "text", text: words(50, "big") },
    ];
    const chunks = chunkDocument(blocks, { strategy: "paragraph", size: 30, overlap: 0 });
    expect(chunks[0]!.text).toBe(words(20));
    expect(chunks.slice(1).map((c) => countTokens(c.text))).toEqual([30, 20]);
  });

  test("a short window does not step back into itself (no near-duplicate chunks)", () => {
    const blocks: Block[] = [
      { kind: "text", text: words(3) },
      { kind: "text", text: words(40, "b") },
    ];
    const chunks = chunkDocument(blocks, { strategy: "paragraph", size: 30, overlap: 10 });
    expect(chunks[0]!.text).toBe(words(3));
    expect(chunks[1]!.text.startsWith(`b${tag(0)}`)).toBe(true);
  });

  test("keeps the PDF page a chunk starts on", () => {
    const blocks: Block[] = [
      { kind: "text", text: words(30), page: 1 },
      { kind: "text", text: words(30, "two"), page: 2 },
    ];
    const chunks = chunkDocument(blocks, { strategy: "paragraph", size: 30, overlap: 0 });
    expect(chunks.map((c) => c.page)).toEqual([1, 2]);
  });

  test("no text, no chunks", () => {
    expect(chunkDocument([{ kind: "text", text: "   " }], { strategy: "markdown", size: 30, overlap: 0 })).toEqual([]);
  });
});
