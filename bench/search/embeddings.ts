/**
 * Built-in embedding model throughput: chunks of 256 tokens (the model's window, as ingestion sends them)
 * per second in one process, beside the target of ≥ 25 chunks/s on 2 cores; also short queries per
 * second, model load time and peak RSS. The machine's load average is printed with the figures: on a
 * shared machine they are lower than on an idle one.
 *
 *   npx tsx bench/search/embeddings.ts [--chunks 96] [--threads 2] [--batch 4] [--workers 2] [--queries 200]
 */
import os from "node:os";

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};

const CHUNKS = arg("chunks", 96);
const QUERIES = arg("queries", 200);
// The provider reads these once, on first use: set them before it loads.
process.env.EMBEDDINGS_THREADS = String(arg("threads", Number(process.env.EMBEDDINGS_THREADS ?? 2)));
process.env.EMBEDDINGS_BATCH_SIZE = String(arg("batch", Number(process.env.EMBEDDINGS_BATCH_SIZE ?? 4)));
const workersArg = process.argv.indexOf("--workers");
if (workersArg >= 0) process.env.EMBEDDINGS_WORKERS = process.argv[workersArg + 1];

const { defaultEmbeddingModel, embeddingProvider } = await import("../../lib/embeddings");

const TARGET_CHUNKS_PER_S = 25;
const paragraph =
  "Strata keeps the documents of a self-hosted AI platform in S3 buckets: manuals, reports and the sources " +
  "that retrieval-augmented generation reads. A sync lists each bucket prefix, extracts the text of every " +
  "new or changed object, splits it into chunks, embeds each chunk and writes it to the vector store. ";
// Every text is longer than 256 tokens, so each one fills the model's window exactly (the rest is cut off).
const chunks = Array.from({ length: CHUNKS }, (_, i) => `Chunk ${i}. ${paragraph.repeat(6)}`);
const queries = Array.from({ length: QUERIES }, (_, i) => `how do I restore bucket number ${i} from a backup`);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const model = embeddingProvider(defaultEmbeddingModel);
let started = performance.now();
await model.embed(["warm-up"]);
const loadMs = performance.now() - started;

started = performance.now();
const cpuBefore = process.cpuUsage();
await model.embed(chunks);
const chunkSeconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const chunkCpuSeconds = (cpu.user + cpu.system) / 1e6;

started = performance.now();
for (const query of queries) await model.embed([query]);
const querySeconds = (performance.now() - started) / 1000;
clearInterval(sampler);

const chunksPerS = CHUNKS / chunkSeconds;
const [load1] = os.loadavg();
console.log(
  `machine: ${os.cpus().length} cores, load average ${load1?.toFixed(1)} (shared: other processes compete for the cores)`,
);
console.log(`settings: EMBEDDINGS_THREADS=${process.env.EMBEDDINGS_THREADS} EMBEDDINGS_BATCH_SIZE=${process.env.EMBEDDINGS_BATCH_SIZE} EMBEDDINGS_WORKERS=${process.env.EMBEDDINGS_WORKERS ?? "2 (default)"}`);
console.log(`model load (first call):  ${loadMs.toFixed(0)} ms`);
console.log(
  `256-token chunks:         ${chunksPerS.toFixed(1)} chunks/s   (${CHUNKS} chunks in ${chunkSeconds.toFixed(1)} s; target >= ${TARGET_CHUNKS_PER_S} on 2 idle cores: ${chunksPerS >= TARGET_CHUNKS_PER_S ? "met" : "NOT met"})`,
);
// CPU time is what this process got of the cores, whatever else runs: chunks per CPU-second is the figure
// that does not depend on the machine's load (onnxruntime's threads spin while they wait, so with several
// threads it is a lower bound).
console.log(
  `  CPU used:               ${chunkCpuSeconds.toFixed(1)} CPU-s = ${(CHUNKS / chunkCpuSeconds).toFixed(1)} chunks per CPU-second (got ${((chunkCpuSeconds / chunkSeconds) * 100).toFixed(0)}% of one core on average)`,
);
console.log(`short queries, one by one: ${(QUERIES / querySeconds).toFixed(0)} queries/s   (${((querySeconds / QUERIES) * 1000).toFixed(1)} ms each)`);
console.log(`peak RSS:                 ${(peakRss / 1024 ** 2).toFixed(0)} MiB`);
