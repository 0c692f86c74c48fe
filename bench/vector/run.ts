/**
 * Benchmark of strata-vector through its HTTP API, the way Strata calls it (the official
 * @qdrant/js-client-rest). Run on demand, not a test:
 *
 *   npx tsx bench/vector/run.ts                      # 100k × 384, Cosine
 *   npx tsx bench/vector/run.ts --points 20000 --queries 100 --concurrency 1
 *
 * Loads N random (seeded) vectors with a payload, then measures upsert throughput,
 * top-10 query latency (unfiltered, filtered on an indexed keyword, filtered on an
 * unindexed field), the engine's resident memory against the raw vector bytes, and
 * recall@10 against a brute-force scan. Also times that brute-force scan in plain
 * JavaScript (Float32Array), the reason the engine is written in Go.
 */
import { readFile } from "node:fs/promises";
import { QdrantClient } from "@qdrant/js-client-rest";
import { startVectorEngine } from "../../vector-engine/test/start-engine";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const N = arg("points", 100_000);
const DIM = arg("dim", 384);
const QUERIES = arg("queries", 200);
const BATCH = arg("batch", 500);
const RECALL_QUERIES = Math.min(arg("recall-queries", 50), QUERIES);
const CONCURRENCY = arg("concurrency", 2);
const CATEGORIES = 10;
const TARGET_P95_MS = 30;
const TARGET_MEMORY_RATIO = 2;

/** mulberry32: small, fast, seedable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomVectors(count: number, dim: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) out[i] = r() * 2 - 1;
  return out;
}

function normalizeRows(data: Float32Array, dim: number): void {
  for (let off = 0; off < data.length; off += dim) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += data[off + j]! * data[off + j]!;
    const n = Math.sqrt(s);
    if (n > 1.1920929e-7) for (let j = 0; j < dim; j++) data[off + j]! /= n;
  }
}

/** The naive scan: one dot product per stored vector, top-k by sorting the best candidates. */
function bruteForceTopK(data: Float32Array, dim: number, q: Float32Array, k: number, accept?: (i: number) => boolean): number[] {
  const n = data.length / dim;
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const off = i * dim;
    for (let j = 0; j < dim; j++) s += data[off + j]! * q[j]!;
    scores[i] = s;
  }
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (!accept || accept(i)) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]!);
  return idx.slice(0, k);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function rssOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** The engine's own processing time ("time" in Qdrant's envelope) of the last query responses. */
const serverTimes: number[] = [];
let upsertServerMs = 0;
const originalFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const res = await originalFetch(input, init);
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const isQuery = url.includes("/points/query");
  const isUpsert = init?.method === "PUT" && /\/points(\?|$)/.test(url);
  if (isQuery || isUpsert) {
    const body = (await res.clone().json()) as { time?: number };
    if (typeof body.time === "number") {
      if (isQuery) serverTimes.push(body.time * 1000);
      else upsertServerMs += body.time * 1000;
    }
  }
  return res;
};

async function timeQueries(client: QdrantClient, queries: Float32Array[], filter?: object): Promise<{ p50: number; p95: number; mean: number; serverP50: number; serverP95: number; results: (string | number)[][] }> {
  const times: number[] = [];
  const results: (string | number)[][] = [];
  for (const q of queries.slice(0, 10)) await client.query("bench", { query: Array.from(q), limit: 10, filter }); // warm-up
  serverTimes.length = 0;
  for (const q of queries) {
    const body = Array.from(q);
    const t0 = performance.now();
    const res = await client.query("bench", { query: body, limit: 10, filter });
    times.push(performance.now() - t0);
    results.push(res.points.map((p) => p.id));
  }
  times.sort((a, b) => a - b);
  const server = [...serverTimes].sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    mean: times.reduce((s, x) => s + x, 0) / times.length,
    serverP50: percentile(server, 50),
    serverP95: percentile(server, 95),
    results,
  };
}

async function main() {
  console.log(`strata-vector benchmark: ${N} points × ${DIM} dims, Cosine, batches of ${BATCH}, ${QUERIES} queries`);
  const engine = await startVectorEngine();
  const client = new QdrantClient({ url: engine.url, checkCompatibility: false });
  try {
    const data = randomVectors(N, DIM, 42);
    await client.createCollection("bench", { vectors: { size: DIM, distance: "Cosine" } });
    await client.createPayloadIndex("bench", { field_name: "category", field_schema: "keyword", wait: true });

    // --- load (CONCURRENCY requests in flight, each acknowledged after fsync) -----------
    const t0 = performance.now();
    let nextStart = 0;
    let loaded = 0;
    const loader = async () => {
      while (nextStart < N) {
        const start = nextStart;
        nextStart += BATCH;
        const points = [];
        for (let i = start; i < Math.min(N, start + BATCH); i++) {
          points.push({
            id: i,
            vector: Array.from(data.subarray(i * DIM, (i + 1) * DIM)),
            payload: { category: `cat-${i % CATEGORIES}`, bucket: i % 7, title: `document ${i}` },
          });
        }
        await client.upsert("bench", { wait: true, points });
        loaded += points.length;
        if ((start / BATCH) % 40 === 0) process.stdout.write(`\r  loaded ${loaded}/${N}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, loader));
    const loadSec = (performance.now() - t0) / 1000;
    process.stdout.write("\n");
    const info = await client.getCollection("bench");
    if (info.points_count !== N) throw new Error(`collection holds ${info.points_count} points, expected ${N}`);

    // --- queries ----------------------------------------------------------------------
    const queries: Float32Array[] = [];
    const qdata = randomVectors(QUERIES, DIM, 7);
    for (let i = 0; i < QUERIES; i++) queries.push(qdata.subarray(i * DIM, (i + 1) * DIM));
    const unfiltered = await timeQueries(client, queries);
    const indexed = await timeQueries(client, queries, { must: [{ key: "category", match: { value: "cat-3" } }] });
    const unindexed = await timeQueries(client, queries, { must: [{ key: "bucket", match: { value: 3 } }] });

    // --- memory -----------------------------------------------------------------------
    const pid = engine.pid();
    if (!pid) throw new Error("engine is not running");
    const mem = await rssOf(pid);
    const raw = N * DIM * 4;

    // --- recall and the JavaScript scan -------------------------------------------------
    normalizeRows(data, DIM);
    let hits = 0;
    let filteredHits = 0;
    const jsTimes: number[] = [];
    for (let qi = 0; qi < RECALL_QUERIES; qi++) {
      const q = Float32Array.from(queries[qi]!);
      normalizeRows(q, DIM);
      const t = performance.now();
      const truth = bruteForceTopK(data, DIM, q, 10);
      jsTimes.push(performance.now() - t);
      const got = new Set(unfiltered.results[qi]);
      hits += truth.filter((id) => got.has(id)).length;
      const truthFiltered = bruteForceTopK(data, DIM, q, 10, (i) => i % CATEGORIES === 3);
      const gotFiltered = new Set(indexed.results[qi]);
      filteredHits += truthFiltered.filter((id) => gotFiltered.has(id)).length;
    }
    jsTimes.sort((a, b) => a - b);
    const recall = hits / (RECALL_QUERIES * 10);
    const filteredRecall = filteredHits / (RECALL_QUERIES * 10);

    // --- report -----------------------------------------------------------------------
    const rows: [string, string][] = [
      ["upsert throughput", `${Math.round(N / loadSec)} points/s (${loadSec.toFixed(1)} s for ${N}, JS client, wait=true, ${BATCH}/request, ${CONCURRENCY} in flight)`],
      ["  of which inside the engine", `${(upsertServerMs / 1000).toFixed(1)} s summed over requests (decode, validate, log + fsync, apply)`],
      ["query top-10, unfiltered", `p50 ${ms(unfiltered.p50)}  p95 ${ms(unfiltered.p95)}  (engine time p50 ${ms(unfiltered.serverP50)} p95 ${ms(unfiltered.serverP95)})`],
      ["query top-10, indexed keyword filter (10%)", `p50 ${ms(indexed.p50)}  p95 ${ms(indexed.p95)}  (engine time p50 ${ms(indexed.serverP50)} p95 ${ms(indexed.serverP95)})`],
      ["query top-10, unindexed filter (~14%)", `p50 ${ms(unindexed.p50)}  p95 ${ms(unindexed.p95)}  (engine time p50 ${ms(unindexed.serverP50)} p95 ${ms(unindexed.serverP95)})`],
      ["recall@10 vs brute force", `${recall.toFixed(4)} unfiltered, ${filteredRecall.toFixed(4)} filtered (${RECALL_QUERIES} queries)`],
      ["engine RSS", `${mib(mem.rss)} now, ${mib(mem.hwm)} peak; raw vectors ${mib(raw)}`],
      ["naive JS scan (Float32Array)", `p50 ${ms(percentile(jsTimes, 50))}  p95 ${ms(percentile(jsTimes, 95))} per query, single thread, no HTTP`],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log("");
    for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
    console.log("");
    const p95Ratio = unfiltered.p95 / TARGET_P95_MS;
    const memRatio = mem.rss / raw;
    const peakRatio = mem.hwm / raw;
    console.log(`  target p95 < ${TARGET_P95_MS} ms unfiltered: ${ms(unfiltered.p95)} = ${(p95Ratio * 100).toFixed(0)}% of target ${p95Ratio < 1 ? "OK" : "MISSED"}`);
    console.log(`  target RSS < ${TARGET_MEMORY_RATIO}× raw vectors: ${memRatio.toFixed(2)}× now, ${peakRatio.toFixed(2)}× peak ${memRatio < TARGET_MEMORY_RATIO ? "OK" : "MISSED"}`);
    console.log(`  target recall@10 = 1 (exact search): ${recall === 1 ? "OK" : "MISSED"}`);
    const load = (await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(" ");
    console.log(`  machine: ${(await import("node:os")).cpus().length} cores, load average ${load} (other processes share them)`);
  } finally {
    await engine.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
