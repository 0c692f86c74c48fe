import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { HttpError } from "@/lib/http/errors";
import { builtinProvider } from "./builtin";
import { defaultEmbeddingModel, embeddingProvider } from "./index";
import { cosine } from "./vectors";

/**
 * The built-in model as installed by scripts/models/install.sh (`./strata up` runs it), against vectors
 * computed once by the reference implementation (sentence-transformers; see reference.json's "generator").
 */

type Reference = { generator: string; sentences: string[]; vectors: number[][] };
const reference = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../models/all-MiniLM-L6-v2/reference.json"), "utf8"),
) as Reference;

const model = embeddingProvider(defaultEmbeddingModel);

describe("built-in all-MiniLM-L6-v2", () => {
  test("matches the reference implementation: cosine >= 0.9999 for every reference text", async () => {
    const vectors = await model.embed(reference.sentences);
    expect(vectors).toHaveLength(reference.sentences.length);
    const drifted = vectors
      .map((v, i) => ({ text: reference.sentences[i]?.slice(0, 40), cosine: cosine(v, reference.vectors[i] ?? []) }))
      .filter((r) => !(r.cosine >= 0.9999));
    expect(drifted).toEqual([]);
  });

  test("in the main thread (as the console runs it) and on worker threads: the same vectors", async () => {
    const texts = reference.sentences.slice(0, 12);
    const [inProcess, onWorkers] = await Promise.all([builtinProvider(undefined, 0).embed(texts), builtinProvider(undefined, 2).embed(texts)]);
    inProcess.forEach((v, i) => {
      expect(cosine(v, onWorkers[i] ?? [])).toBeGreaterThan(0.999999);
      expect(cosine(v, reference.vectors[i] ?? [])).toBeGreaterThanOrEqual(0.9999);
    });
  });

  test("answers 384-dimensional unit vectors, in input order", async () => {
    expect(await model.dimensions()).toBe(384);
    const texts = ["a short one", "a somewhat longer text about object storage and vector search", "x"];
    const together = await model.embed(texts);
    for (const v of together) {
      expect(v).toHaveLength(384);
      expect(Math.hypot(...v)).toBeCloseTo(1, 6);
    }
    // Alone (no padding) and in a batch with longer texts (padding) give the same vector.
    const alone = await Promise.all(texts.map(async (t) => (await model.embed([t]))[0] ?? []));
    alone.forEach((v, i) => expect(cosine(v, together[i] ?? [])).toBeGreaterThan(0.99999));
    expect(cosine(together[0] ?? [], together[1] ?? [])).toBeLessThan(0.99);
  });

  test("reads only the first 256 tokens of a text", async () => {
    const long = "Object storage keeps every version of a file. ".repeat(60); // ~600 tokens
    const [a, b, huge] = await model.embed([
      long,
      `${long} But this ending is about something else entirely.`,
      `${long} ${"and so on ".repeat(200_000)}`, // 2 MB: only its start is tokenized
    ]);
    expect(cosine(a ?? [], b ?? [])).toBeGreaterThan(0.999999);
    expect(cosine(a ?? [], huge ?? [])).toBeGreaterThan(0.999999);
    const [shortA, shortB] = await model.embed(["Object storage", "Object storage. But this ending is about something else."]);
    expect(cosine(shortA ?? [], shortB ?? [])).toBeLessThan(0.99);
  });

  test("an empty list needs no model run", async () => {
    expect(await model.embed([])).toEqual([]);
  });
});

describe("when the model is not installed", () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), "strata-no-model-"));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  test("embedding fails with embedding_unavailable (503) saying how to install it", async () => {
    const error = await builtinProvider(empty)
      .embed(["hello"])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect((error as HttpError).code).toBe("embedding_unavailable");
    expect((error as HttpError).message).toContain("scripts/models/install.sh");
    expect((error as HttpError).message).toContain(empty);
  });
});
