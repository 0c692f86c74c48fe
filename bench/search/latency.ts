/**
 * Hybrid search latency at 100k chunks, excluding the query embedding: Strata's search after the query is
 * embedded (`searchWithVectors`: the batch query — fused answer plus the two ranked lists —, grouping into
 * documents, snippets and highlights) beside the raw `points/query/batch` call it makes, same bodies.
 * Target: hybrid p95 < 50 ms.
 *
 * The chunks' keyword side is real text (sentences of the Debian manual pages, so BM25 posting lists
 * have natural lengths); their dense vectors are synthetic — 1,000 gaussian clusters on the 384-d sphere —
 * because embedding 100k chunks with the built-in model takes about an hour on 2 cores (bench/search/
 * quality.ts measures that path). Points are seeded once into the vector store and kept.
 *
 *   npx tsx bench/search/latency.ts [--points 100000] [--queries 200]
 */
import { execFileSync } from "node:child_process";
import { env } from "../../lib/config/env";
import type { CollectionRecord } from "../../lib/search/collections";
import { aliasName } from "../../lib/search/names";
import { folderPrefixes, queryBatch } from "../../lib/search/qdrant-requests";
import { searchWithVectors } from "../../lib/search/query";
import { sparseQueryVector, sparseVector } from "../../lib/search/sparse";
import { countPoints, ensureGeneration, pointAliasAt, qdrant, upsertPoints } from "../../lib/search/vector-store";
import { chunkPointId } from "../../lib/search/point-ids";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const POINTS = arg("points", 100_000);
const QUERIES = arg("queries", 200);
const DIM = 384;
const CLUSTERS = 1000;

env();
// A fixed id: the points are seeded once and reused by later runs.
const collection: CollectionRecord = {
  id: "00000000-0000-4000-8000-00000000b100",
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
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const centers = Array.from({ length: CLUSTERS }, () => unit(Array.from({ length: DIM }, gaussian)));
const near = (c: number[], spread: number) => unit(c.map((x) => x + gaussian() * spread));

const sentences = ["cp", "find", "grep", "sed", "tar", "curl", "git", "ssh", "ps", "ls", "du", "df", "sort", "systemctl", "journalctl", "ip", "lsof", "strace"]
  .flatMap((tool) => {
    try {
      return execFileSync("man", ["-P", "cat", tool], { env: { ...process.env, MANWIDTH: "80" }, stdio: ["ignore", "pipe", "ignore"] }).toString("utf8").replace(/.\x08/g, "").split(/\.\s+/);
    } catch {
      return [];
    }
  })
  .map((s) => s.replace(/\s+/g, " ").trim())
  .filter((s) => s.split(" ").length >= 6);
if (sentences.length < 100) throw new Error("too few manual page sentences on this machine to build the corpus");
const chunkText = (i: number) => Array.from({ length: 6 }, (_, j) => sentences[(i * 7 + j * 131) % sentences.length]).join(". ");

await ensureGeneration(collection.id, 1, DIM);
await pointAliasAt(collection.name, collection.id, 1);
const have = await countPoints(collection.id, 1);
if (have < POINTS) {
  const started = performance.now();
  for (let i = have; i < POINTS; i += 500) {
    const batch = Array.from({ length: Math.min(500, POINTS - i) }, (_, j) => {
      const n = i + j;
      const text = chunkText(n);
      const key = `bench/doc-${Math.floor(n / 10)}.txt`;
      return {
        id: chunkPointId(collection.id, "bench", key, n % 10),
        dense: near(centers[n % CLUSTERS]!, 0.05),
        sparse: sparseVector(text),
        payload: { bucket: "bench", key, dirs: folderPrefixes(key), etag: "x", chunk: n % 10, headings: [], start: 0, end: text.length, content_type: "text/plain", modified_at: 0, size: text.length, title: key, text },
      };
    });
    await upsertPoints(collection.id, 1, batch);
    if ((i / 500) % 20 === 0) process.stdout.write(`\rseeding ${i + batch.length}/${POINTS} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  console.log();
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const words = sentences.flatMap((s) => s.toLowerCase().split(" ")).filter((w) => /^[a-z]{4,}$/.test(w));
const queries = Array.from({ length: QUERIES }, (_, i) => ({
  text: Array.from({ length: 3 + (i % 3) }, () => words[Math.floor(random() * words.length)]).join(" "),
  dense: near(centers[Math.floor(random() * CLUSTERS)]!, 0.05),
}));

for (const mode of ["hybrid", "dense", "keyword"] as const) {
  const strata: number[] = [];
  const raw: number[] = [];
  // One warm-up pass, then the measured one, alternating the two paths query by query.
  for (const pass of [0, 1]) {
    for (const q of queries) {
      const vectors = new Map([["builtin:all-MiniLM-L6-v2", q.dense]]);
      const request = { query: q.text, mode, fusion: "rrf" as const, limit: 10 };
      const a = performance.now();
      await searchWithVectors(request, [collection], vectors);
      const b = performance.now();
      const { searches } = queryBatch({ mode, fusion: "rrf", dense: q.dense, sparse: mode === "dense" ? null : sparseQueryVector(q.text), limit: 40, candidates: 50, filter: undefined });
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
    `${mode.padEnd(7)} at ${POINTS.toLocaleString("en")} chunks: Strata search p50 ${percentile(strata, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms | raw query p50 ${percentile(raw, 50).toFixed(1)} ms, p95 ${percentile(raw, 95).toFixed(1)} ms${mode === "hybrid" ? ` (target p95 < 50 ms: ${p95 < 50 ? "MET" : "NOT MET"})` : ""}`,
  );
}
process.exit(0);
