/**
 * Hybrid search latency at 100k chunks, excluding the query embedding: Strata's search after the query is
 * embedded (`searchWithVectors`: the batch query — fused answer plus the two ranked lists —, grouping into
 * documents, snippets and highlights) beside the raw `points/query/batch` call it makes, same bodies.
 * Target: hybrid p95 < 50 ms.
 *
 * The chunks are real text: sentences of the Debian manual pages, so BM25 posting lists have natural
 * lengths. Their dense vectors are made from real text too, without embedding 100k chunks (about an hour
 * with the built-in model on 2 cores; bench/search/quality.ts measures that path): 1,000 manual-page
 * sentences are embedded with the built-in model, and each chunk's vector is one of them plus a little
 * gaussian noise — the clusters of a real corpus, in the directions real embeddings take. The points go
 * straight into the vector store through its API (batches of 1,000, two requests at a time, components
 * rounded to 5 decimals to halve the JSON), not through the ingestion job; they are kept, so later runs
 * skip the seeding. Before timing, the bench waits until the store has indexed every vector (HNSW).
 *
 *   npx tsx bench/search/latency.ts [--points 100000] [--queries 200]
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { env } from "../../lib/config/env";
import { embeddingProvider } from "../../lib/embeddings";
import type { CollectionRecord } from "../../lib/search/collections";
import { aliasName, generationName } from "../../lib/search/names";
import { defaultFusion, folderPrefixes, queryBatch } from "../../lib/search/qdrant-requests";
import { searchWithVectors } from "../../lib/search/query";
import { sparseQueryVector, sparseVector } from "../../lib/search/sparse";
import { countPoints, ensureGeneration, pointAliasAt, qdrant, upsertPoints, type StoredPoint } from "../../lib/search/vector-store";
import { chunkPointId } from "../../lib/search/point-ids";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const POINTS = arg("points", 100_000);
const QUERIES = arg("queries", 200);
const DIM = 384;
const CENTERS = 1000;
const BATCH = 1000;
const uptime = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")} (${os.cpus().length} cores)`;

env();
console.log(`start: ${uptime()}`);
// A fixed id: the points are seeded once and reused by later runs (b101: vectors from real text).
const collection: CollectionRecord = {
  id: "00000000-0000-4000-8000-00000000b101",
  name: `bench-latency-${POINTS}`,
  description: "",
  sources: [],
  model: { provider: "builtin", model: "all-MiniLM-L6-v2" },
  dimensions: DIM,
  chunking: { strategy: "paragraph", size: 180, overlap: 30 },
  schedule: null,
  owner: { id: "bench", name: "bench" },
  generation: 1,
  createdAt: "",
  updatedAt: "",
  lastSyncAt: null,
};

let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
const unit = (v: number[]) => {
  let sum = 0;
  for (const x of v) sum += x * x;
  const n = Math.sqrt(sum);
  return v.map((x) => Math.round((x / n) * 1e5) / 1e5);
};
const near = (c: number[], spread: number) => unit(c.map((x) => x + gaussian() * spread));

const sentences = ["cp", "find", "grep", "sed", "tar", "curl", "git", "ssh", "ps", "ls", "du", "df", "sort", "systemctl", "journalctl", "ip", "lsof", "strace", "rsync", "awk", "bash"]
  .flatMap((tool) => {
    try {
      return execFileSync("man", ["-P", "cat", tool], { env: { ...process.env, MANWIDTH: "80" }, stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 ** 2 }).toString("utf8").replace(/.\x08/g, "").split(/\.\s+/);
    } catch {
      return [];
    }
  })
  .map((s) => s.replace(/\s+/g, " ").trim())
  .filter((s) => s.split(" ").length >= 6);
if (sentences.length < CENTERS + 200) throw new Error(`too few manual page sentences on this machine (${sentences.length}) to build the corpus`);
const chunkText = (i: number) => Array.from({ length: 6 }, (_, j) => sentences[(i * 7 + j * 131) % sentences.length]).join(". ");

// Real embeddings as the cluster centres (every 1 in n sentences), and real held-out sentences as queries.
const model = embeddingProvider(collection.model);
let started = performance.now();
const centerTexts = Array.from({ length: CENTERS }, (_, i) => sentences[Math.floor((i * sentences.length) / CENTERS)]!);
const centers = await model.embed(centerTexts);
console.log(`embedded ${CENTERS} manual-page sentences as cluster centres in ${((performance.now() - started) / 1000).toFixed(1)} s`);

await ensureGeneration(collection.id, 1, DIM);
await pointAliasAt(collection.name, collection.id, 1);
const have = await countPoints(collection.id, 1);
if (have < POINTS) {
  started = performance.now();
  const make = (from: number): StoredPoint[] =>
    Array.from({ length: Math.min(BATCH, POINTS - from) }, (_, j) => {
      const n = from + j;
      const text = chunkText(n);
      const key = `bench/doc-${Math.floor(n / 10)}.txt`;
      return {
        id: chunkPointId(collection.id, "bench", key, n % 10),
        dense: near(centers[n % CENTERS]!, 0.03),
        sparse: sparseVector(text),
        payload: { bucket: "bench", key, dirs: folderPrefixes(key), etag: "x", chunk: n % 10, headings: [], start: 0, end: text.length, content_type: "text/plain", modified_at: 0, size: text.length, title: key, text },
      };
    });
  // Two requests in flight: the next batch is built while the store parses the previous one.
  let inFlight: Promise<void> | null = null;
  for (let i = have; i < POINTS; i += BATCH) {
    const batch = make(i);
    if (inFlight) await inFlight;
    inFlight = upsertPoints(collection.id, 1, batch);
    if ((i / BATCH) % 10 === 0) process.stdout.write(`\rseeding ${i + batch.length}/${POINTS} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await inFlight;
  console.log(`\nseeded ${POINTS - have} points in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
// Time only once the store has indexed every vector (the HNSW graph builds in the background).
started = performance.now();
for (;;) {
  const info = (await qdrant().getCollection(generationName(collection.id, 1))) as { points_count?: number | null; indexed_vectors_count?: number | null; status?: string };
  // Green once the index has caught up (below Qdrant's indexing_threshold no graph is built and the count stays 0).
  if (info.status === "green") break;
  if (performance.now() - started > 15 * 60_000) throw new Error("the vector store did not finish indexing in 15 minutes");
  process.stdout.write(`\rwaiting for the index: ${info.indexed_vectors_count ?? 0}/${info.points_count ?? 0} vectors (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  await new Promise((r) => setTimeout(r, 2000));
}
console.log(`\nindex ready (${((performance.now() - started) / 1000).toFixed(0)} s waited); ${uptime()}`);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const words = sentences.flatMap((s) => s.toLowerCase().split(" ")).filter((w) => /^[a-z]{4,}$/.test(w));
// Queries: a few words of the corpus for the keyword side, and the embedding of another manual-page
// sentence (embedded once here: the timing below excludes the query embedding, as the target says).
const queryTexts = Array.from({ length: QUERIES }, (_, i) => Array.from({ length: 3 + (i % 3) }, () => words[Math.floor(random() * words.length)]).join(" "));
const queryVectors = await model.embed(Array.from({ length: QUERIES }, (_, i) => sentences[(i * 37 + 5) % sentences.length]!));
const queries = queryTexts.map((text, i) => ({ text, dense: queryVectors[i]! }));

for (const mode of ["hybrid", "dense", "keyword"] as const) {
  const strata: number[] = [];
  const raw: number[] = [];
  // One warm-up pass, then the measured one, alternating the two paths query by query.
  for (const pass of [0, 1]) {
    for (const q of queries) {
      const vectors = new Map([["builtin:all-MiniLM-L6-v2", q.dense]]);
      const request = { query: q.text, mode, fusion: defaultFusion, limit: 10 };
      const a = performance.now();
      await searchWithVectors(request, [collection], vectors);
      const b = performance.now();
      const { searches } = queryBatch({ mode, fusion: defaultFusion, dense: q.dense, sparse: mode === "dense" ? null : sparseQueryVector(q.text), limit: 40, candidates: 50, filter: undefined });
      await qdrant().queryBatch(aliasName(collection.name), { searches: searches as never });
      const c = performance.now();
      if (pass === 1) {
        strata.push(b - a);
        raw.push(c - b);
      }
    }
  }
  const p95 = percentile(strata, 95);
  console.log(
    `${mode.padEnd(7)}${mode === "hybrid" ? ` (${defaultFusion})` : ""} at ${POINTS.toLocaleString("en")} chunks: Strata search p50 ${percentile(strata, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms | raw query p50 ${percentile(raw, 50).toFixed(1)} ms, p95 ${percentile(raw, 95).toFixed(1)} ms${mode === "hybrid" ? ` (target p95 < 50 ms: ${p95 < 50 ? "MET" : "NOT MET"})` : ""}`,
  );
}
console.log(`end: ${uptime()}`);
process.exit(0);
