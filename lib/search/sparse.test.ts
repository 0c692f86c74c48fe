import { describe, expect, test } from "vitest";
import { defaultBm25, sparseQueryVector, sparseVector, termIndex, tokenize } from "./sparse";

describe("tokenize", () => {
  test("lowercases, splits on anything but letters and digits, drops stop words and stems English words", () => {
    expect(tokenize("The Indexing of running_jobs, and THE databases!")).toEqual(["index", "run", "job", "databas"]);
  });

  test("normalises compatibility forms (NFKC) and keeps accented words whole", () => {
    expect(tokenize("ﬁle Café ＡＢＣ")).toEqual(["file", "café", "abc"]);
  });

  test("keeps numbers and version-like parts as separate terms", () => {
    expect(tokenize("x86_64 v1.30.0")).toEqual(["x86", "64", "v1", "30", "0"]);
  });

  test("splits contractions and drops what they leave", () => {
    expect(tokenize("it's what you don't see, we'll know")).toEqual(["see", "know"]);
  });

  test("makes each Han or Kana character a term, also when glued to Latin letters", () => {
    expect(tokenize("abc日本語カナ")).toEqual(["abc", "日", "本", "語", "カ", "ナ"]);
  });

  test("drops tokens longer than 40 characters (hashes, base64)", () => {
    expect(tokenize(`sha ${"a1".repeat(21)} end`)).toEqual(["sha", "end"]);
  });

  test("empty and punctuation-only texts have no terms", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize(" -- !!! ... ")).toEqual([]);
  });
});

describe("termIndex", () => {
  // mmh3.hash(), which Qdrant's fastembed uses: "hello" -> 613153351, "foo" -> -156908512 (so |…|).
  test("is murmur3_32 of the UTF-8 bytes with seed 0, as a non-negative signed int32", () => {
    expect(termIndex("hello")).toBe(613153351);
    expect(termIndex("foo")).toBe(156908512);
  });

  test("hashes non-ASCII terms by their UTF-8 bytes (mmh3.hash('über') = -1610176724)", () => {
    expect(termIndex("über")).toBe(1610176724);
  });
});

describe("sparseVector (chunk side)", () => {
  test("has unique ascending indices and one value per index", () => {
    const v = sparseVector("index the index, then search the index and search again");
    expect(v.indices.length).toBe(v.values.length);
    expect([...v.indices].sort((a, b) => a - b)).toEqual(v.indices);
    expect(new Set(v.indices).size).toBe(v.indices.length);
  });

  test("weighs a term by BM25 term frequency with length normalisation", () => {
    // terms: index ×3, search ×2, again ×1 → 6 terms
    const v = sparseVector("index the index, then search the index and search again");
    const { k1, b, avgLen } = defaultBm25;
    const norm = 1 - b + (b * 6) / avgLen;
    const weight = (tf: number) => (tf * (k1 + 1)) / (tf + k1 * norm);
    const byTerm = (term: string) => v.values[v.indices.indexOf(termIndex(term))];
    expect(byTerm("index")).toBeCloseTo(weight(3), 10);
    expect(byTerm("search")).toBeCloseTo(weight(2), 10);
    expect(byTerm("again")).toBeCloseTo(weight(1), 10);
    expect(weight(3)).toBeLessThan(3 * weight(1)); // saturation
  });

  test("damps a term in a long chunk compared to a short one", () => {
    const short = sparseVector("kubernetes storage");
    const long = sparseVector(`kubernetes ${Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ")}`);
    const at = (v: ReturnType<typeof sparseVector>) => v.values[v.indices.indexOf(termIndex("kubernet"))] ?? 0;
    expect(at(long)).toBeGreaterThan(0);
    expect(at(long)).toBeLessThan(at(short));
  });

  test("is empty for a text without terms", () => {
    expect(sparseVector("the of and")).toEqual({ indices: [], values: [] });
  });

  // Every collection's keyword index is built from these numbers: a change here must be deliberate (and
  // needs a re-index), never a side effect of a library upgrade.
  test("is stable: a fixed text gives fixed indices", () => {
    expect(sparseVector("Backups of the model artifacts").indices).toEqual(
      ["backup", "model", "artifact"].map(termIndex).sort((a, b) => a - b),
    );
    expect(["backup", "model", "artifact"].map(termIndex)).toEqual([GOLDEN_BACKUP, GOLDEN_MODEL, GOLDEN_ARTIFACT]);
  });
});

describe("sparseQueryVector", () => {
  test("has each distinct term once with weight 1", () => {
    const q = sparseQueryVector("restore restored backups BACKUP");
    expect(q.indices).toEqual([termIndex("restor"), termIndex("backup")].sort((a, b) => a - b));
    expect(q.values).toEqual([1, 1]);
  });
});

// abs(mmh3.hash(term)) computed with Python's mmh3 5.x, independently of the JavaScript library.
const GOLDEN_BACKUP = 1889107764;
const GOLDEN_MODEL = 1172383616;
const GOLDEN_ARTIFACT = 895170090;
