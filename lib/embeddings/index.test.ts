import { expect, test } from "vitest";
import { HttpError } from "@/lib/http/errors";
import { defaultEmbeddingModel, embeddingModelRefSchema, embeddingProvider } from "./index";

test("the default model is the built-in all-MiniLM-L6-v2", () => {
  expect(defaultEmbeddingModel).toEqual({ provider: "builtin", model: "all-MiniLM-L6-v2" });
  expect(embeddingModelRefSchema.parse(defaultEmbeddingModel)).toEqual(defaultEmbeddingModel);
});

test("a model reference from a request is validated", () => {
  expect(embeddingModelRefSchema.parse({ provider: "ollama", model: "  nomic-embed-text " })).toEqual({
    provider: "ollama",
    model: "nomic-embed-text",
  });
  const refused = [
    { provider: "builtin", model: "bge-small" },
    { provider: "huggingface", model: "x" },
    { provider: "openai", model: " " },
    { provider: "openai", model: "m".repeat(201) },
    { provider: "openai" },
  ];
  for (const ref of refused) expect(embeddingModelRefSchema.safeParse(ref).success, JSON.stringify(ref)).toBe(false);
});

test("asking for a built-in model that does not exist is a 400", () => {
  expect(() => embeddingProvider({ provider: "builtin", model: "bge-small" })).toThrow(HttpError);
  try {
    embeddingProvider({ provider: "builtin", model: "bge-small" });
  } catch (error) {
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).message).toContain("all-MiniLM-L6-v2");
  }
});
