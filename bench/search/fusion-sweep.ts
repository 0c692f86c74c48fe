/**
 * How the hybrid answer depends on the fusion settings, on the collection bench/search/quality.ts built
 * (run that first): each judged query is embedded once, then sent as Qdrant Query API bodies that differ
 * only in the fusion — `{fusion: "rrf"}` (Qdrant's default k = 2), `{rrf: {k, weights}}` (Qdrant ≥ 1.16
 * parameterised / weighted RRF; weights in prefetch order: dense, keyword), `{fusion: "dbsf"}` — and in the
 * prefetch limit. Chunks are grouped into documents as Strata's search does; nDCG@10 / Recall@10 / MRR per
 * variant, beside dense and keyword alone.
 *
 * With 40 queries a difference of ~0.01 nDCG@10 is one or two swapped ranks: read it as a direction, and
 * prefer a setting that is good across the neighbourhood over the single best cell (over-fitting the set).
 *
 *   npx tsx bench/search/fusion-sweep.ts
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { embeddingProvider } from "../../lib/embeddings";
import { env } from "../../lib/config/env";
import { getCollection } from "../../lib/search/collections";
import { parseJsonJudgments } from "../../lib/search/judgments";
import { meanMetrics, queryMetrics } from "../../lib/search/metrics";
import { aliasName } from "../../lib/search/names";
import { DENSE, SPARSE } from "../../lib/search/qdrant-requests";
import { sparseQueryVector } from "../../lib/search/sparse";
import { qdrant } from "../../lib/search/vector-store";

env();
const collection = await getCollection("bench-man-pages");
const queries = parseJsonJudgments(JSON.parse(readFileSync(path.join(import.meta.dirname, "judgments/man-pages.json"), "utf8")));
const model = embeddingProvider(collection.model);
const alias = aliasName(collection.name);
const CHUNKS = 200;

type Point = { id: string | number; payload?: Record<string, unknown> | null };
const documents = (points: Point[]) => [...new Set(points.map((p) => String(p.payload?.key)))].slice(0, 100);

const prepared: Array<{ q: (typeof queries)[number]; dense: number[]; sparse: { indices: number[]; values: number[] } }> = [];
for (const q of queries) {
  const [dense] = await model.embed([q.query]);
  prepared.push({ q, dense: dense!, sparse: sparseQueryVector(q.query) });
}

type Variant = { name: string; body: (d: number[], s: { indices: number[]; values: number[] }) => Record<string, unknown> };
const prefetch = (d: number[], s: { indices: number[]; values: number[] }, limit: number) => [
  { query: d, using: DENSE, limit },
  { query: s, using: SPARSE, limit },
];
const variants: Variant[] = [
  { name: "dense alone", body: (d) => ({ query: d, using: DENSE }) },
  { name: "keyword alone", body: (_, s) => ({ query: s, using: SPARSE }) },
];
for (const limit of [50, 200]) {
  variants.push({ name: `rrf default (k=2), prefetch ${limit}`, body: (d, s) => ({ prefetch: prefetch(d, s, limit), query: { fusion: "rrf" } }) });
  variants.push({ name: `dbsf, prefetch ${limit}`, body: (d, s) => ({ prefetch: prefetch(d, s, limit), query: { fusion: "dbsf" } }) });
  for (const k of [10, 30, 61]) {
    for (const w of [1, 1.5, 2, 3]) {
      variants.push({ name: `rrf k=${k} weights [${w}, 1], prefetch ${limit}`, body: (d, s) => ({ prefetch: prefetch(d, s, limit), query: { rrf: { k, weights: [w, 1] } } }) });
    }
  }
  for (const w of [1.5, 2, 3]) variants.push({ name: `rrf k=2 weights [${w}, 1], prefetch ${limit}`, body: (d, s) => ({ prefetch: prefetch(d, s, limit), query: { rrf: { k: 2, weights: [w, 1] } } }) });
}

console.log(`${queries.length} queries on ${collection.name}; load average ${os.loadavg()[0]?.toFixed(1)}`);
const rows: Array<{ name: string; ndcg10: number; recall10: number; mrr: number }> = [];
for (const v of variants) {
  const searches = prepared.map(({ dense, sparse }) => ({ ...v.body(dense, sparse), limit: CHUNKS, with_payload: ["key"] }));
  const answers = (await qdrant().queryBatch(alias, { searches: searches as never })) as Array<{ points: Point[] }>;
  const metrics = answers.map((a, i) => queryMetrics(documents(a.points), prepared[i]!.q.judgments));
  const mean = meanMetrics(metrics);
  rows.push({ name: v.name, ndcg10: mean.ndcg10, recall10: mean.recall10, mrr: mean.mrr });
}
for (const r of rows) console.log(`${r.name.padEnd(40)} nDCG@10 ${r.ndcg10.toFixed(3)}  Recall@10 ${r.recall10.toFixed(3)}  MRR ${r.mrr.toFixed(3)}`);
process.exit(0);
