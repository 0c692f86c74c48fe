import { z } from "zod";
import { env } from "@/lib/config/env";
import { embeddingUnavailable } from "./errors";
import type { EmbeddingModelRef, EmbeddingProvider } from "./index";
import { normalize } from "./vectors";

/**
 * Embedding services reached over HTTP: OpenAI's `/v1/embeddings` (also spoken by vLLM, TEI, LocalAI) and
 * Ollama's `/api/embed`. Any failure — unreachable, too slow, an error status, an answer that is not a
 * list of vectors — is an `embedding_unavailable` 503 whose message names the service and says what it did,
 * so a sync can fail cleanly and be retried later.
 */

// Inputs per request: TEI's default max_client_batch_size is 32, and OpenAI accepts far more.
const requestBatch = 32;

type Protocol = {
  /** Shown in messages, e.g. "OpenAI-compatible embedding service at http://…/v1". */
  label: string;
  endpoint: string;
  headers: Record<string, string>;
  body(model: string, input: string[]): unknown;
  vectors(json: unknown): number[][] | undefined;
};

const vector = z.array(z.number().refine(Number.isFinite, "not a finite number")).min(1);

const openAiAnswer = z.object({ data: z.array(z.object({ embedding: vector, index: z.number().int().nonnegative() })) });
const ollamaAnswer = z.object({ embeddings: z.array(vector) });

/** Where a remote provider is and how long it may take; from the environment unless given (tests). */
export type RemoteConfig = { url: string; apiKey?: string; timeoutMs: number };

export function openAiProvider(model: string, config: RemoteConfig = openAiConfig()): EmbeddingProvider {
  return new RemoteProvider({ provider: "openai", model }, config.timeoutMs, {
    label: `OpenAI-compatible embedding service at ${config.url}`,
    endpoint: `${config.url.replace(/\/+$/, "")}/embeddings`,
    headers: bearer(config.apiKey),
    body: (m, input) => ({ model: m, input, encoding_format: "float" }),
    vectors: (json) => {
      const parsed = openAiAnswer.safeParse(json);
      // `index` says which input a vector belongs to; servers need not answer in order.
      return parsed.success ? [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding) : undefined;
    },
  });
}

export function ollamaProvider(model: string, config: RemoteConfig = ollamaConfig()): EmbeddingProvider {
  return new RemoteProvider({ provider: "ollama", model }, config.timeoutMs, {
    label: `Ollama at ${config.url}`,
    endpoint: `${config.url.replace(/\/+$/, "")}/api/embed`,
    headers: bearer(config.apiKey),
    body: (m, input) => ({ model: m, input }),
    vectors: (json) => {
      const parsed = ollamaAnswer.safeParse(json);
      return parsed.success ? parsed.data.embeddings : undefined;
    },
  });
}

function openAiConfig(): RemoteConfig {
  const e = env();
  return { url: e.EMBEDDINGS_OPENAI_URL, apiKey: e.EMBEDDINGS_OPENAI_API_KEY, timeoutMs: e.EMBEDDINGS_TIMEOUT_MS };
}

function ollamaConfig(): RemoteConfig {
  const e = env();
  return { url: e.EMBEDDINGS_OLLAMA_URL, apiKey: e.EMBEDDINGS_OLLAMA_API_KEY, timeoutMs: e.EMBEDDINGS_TIMEOUT_MS };
}

const bearer = (key: string | undefined): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});

class RemoteProvider implements EmbeddingProvider {
  private dims: Promise<number> | undefined;

  constructor(
    readonly ref: EmbeddingModelRef,
    private readonly timeoutMs: number,
    private readonly protocol: Protocol,
  ) {}

  dimensions(): Promise<number> {
    // A failed probe is not remembered: the next call asks again (the service may be back).
    this.dims ??= this.embed(["dimension probe"]).then(
      ([first]) => first?.length ?? 0,
      (error: unknown) => {
        this.dims = undefined;
        throw error;
      },
    );
    return this.dims;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let start = 0; start < texts.length; start += requestBatch) {
      const batch = texts.slice(start, start + requestBatch);
      const vectors = await this.request(batch);
      out.push(...vectors);
    }
    const length = out[0]?.length;
    if (out.some((v) => v.length !== length)) {
      throw embeddingUnavailable(`The ${this.protocol.label} answered vectors of different lengths for model "${this.ref.model}".`);
    }
    return out.map(normalize);
  }

  private async request(input: string[]): Promise<number[][]> {
    const { label, endpoint, headers } = this.protocol;
    const timeoutMs = this.timeoutMs;
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: JSON.stringify(this.protocol.body(this.ref.model, input)),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === "TimeoutError"
          ? `did not answer within ${timeoutMs} ms`
          : `is unreachable (${networkCause(error)})`;
      throw embeddingUnavailable(`The ${label} ${reason}; indexing and search with model "${this.ref.model}" resume once it answers.`);
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) {
      throw embeddingUnavailable(`The ${label} answered ${response.status} for model "${this.ref.model}": ${serviceMessage(text)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const vectors = this.protocol.vectors(json);
    if (!vectors || vectors.length !== input.length) {
      throw embeddingUnavailable(
        `The ${label} did not answer ${input.length} embedding vector(s) for model "${this.ref.model}"; is the URL right?`,
      );
    }
    return vectors;
  }
}

function networkCause(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** The service's own error message (OpenAI: {error:{message}}, Ollama: {error}), or its text, kept short. */
function serviceMessage(body: string): string {
  let message = body;
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown };
    const error = json.error;
    if (typeof error === "string") message = error;
    else if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
      message = (error as { message: string }).message;
    } else if (typeof json.message === "string") message = json.message;
  } catch {
    // not JSON: keep the text
  }
  message = message.replace(/\s+/g, " ").trim();
  return message === "" ? "(no message)" : message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
