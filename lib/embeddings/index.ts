import { z } from "zod";
import { badRequest } from "@/lib/http/errors";
import { builtinModelName, builtinProvider } from "./builtin";
import { ollamaProvider, openAiProvider } from "./remote";

/**
 * Text → dense vectors for semantic search. A collection names its model with an EmbeddingModelRef; the
 * built-in model runs in this process, offline (docs/embeddings.md); the others are HTTP services whose
 * address and key come from the environment (EMBEDDINGS_OPENAI_*, EMBEDDINGS_OLLAMA_*).
 */

export const embeddingProviders = ["builtin", "openai", "ollama"] as const;
export type EmbeddingProviderName = (typeof embeddingProviders)[number];

export type EmbeddingModelRef = { provider: EmbeddingProviderName; model: string };

export const defaultEmbeddingModel: EmbeddingModelRef = { provider: "builtin", model: builtinModelName };

/** Validates a model reference from a request (400 on a mistake, before anything is indexed). */
export const embeddingModelRefSchema = z
  .object({
    provider: z.enum(embeddingProviders),
    model: z.string().trim().min(1).max(200),
  })
  .refine((ref) => ref.provider !== "builtin" || ref.model === builtinModelName, {
    message: `the built-in provider has one model: ${builtinModelName}`,
    path: ["model"],
  });

export interface EmbeddingProvider {
  readonly ref: EmbeddingModelRef;
  /** The vectors' length; remote providers are asked once (one short text embedded) and remembered. */
  dimensions(): Promise<number>;
  /** One unit-length (L2-normalised) vector per text, in order. Throws HttpError embedding_unavailable (503). */
  embed(texts: string[]): Promise<number[][]>;
}

const providers = new Map<string, EmbeddingProvider>();

/** The provider for a model; one instance per model and process, so the built-in model loads once. */
export function embeddingProvider(ref: EmbeddingModelRef): EmbeddingProvider {
  const key = `${ref.provider}\u0000${ref.model}`;
  let provider = providers.get(key);
  if (!provider) {
    provider = create(ref);
    providers.set(key, provider);
  }
  return provider;
}

function create(ref: EmbeddingModelRef): EmbeddingProvider {
  switch (ref.provider) {
    case "builtin":
      if (ref.model !== builtinModelName) throw badRequest(`The built-in provider has one model: ${builtinModelName}.`);
      return builtinProvider();
    case "openai":
      return openAiProvider(ref.model);
    case "ollama":
      return ollamaProvider(ref.model);
  }
}
