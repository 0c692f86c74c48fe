/**
 * Retrieval quality and ingestion throughput on a real corpus: the manual pages Debian ships for the ~70
 * everyday tools the queries are about (rendered with `man` as plain text, the first 6,000 characters of each), indexed through a real collection (S3 → sync →
 * built-in model → vector store), then the 40 judged queries of judgments/man-pages.json run in keyword,
 * dense and hybrid mode.
 *
 * How the queries were judged: written by the author before looking at any result, each as a task a person
 * would type ("show disk space used by a directory"); grades from the pages' NAME and DESCRIPTION sections:
 * 3 = the tool made for the task, 2 = a tool that does it among other things, 1 = related (a tool one would
 * use next to it). Pages that are not installed are left out of the corpus and of the judgments.
 *
 * Prints, each beside its target and the machine's `uptime`: chunks/s of the whole sync with the built-in
 * model (target ≥ 25 on 2 cores) beside, in the same run, the model alone on exactly the texts the sync
 * embeds (its ceiling: what the sync would reach if S3, extraction, the vector store and PostgreSQL cost
 * nothing) and the same documents with embedding left out (extraction, chunking and BM25 vectors only);
 * the CPU the sync took in this process (and how busy its main thread was) and in the vector store,
 * PostgreSQL and SeaweedFS; then nDCG@10 / Recall@10 / MRR per mode (target: hybrid ≥ the better of dense
 * and keyword). The model is loaded before the sync is timed, as in the worker process, which keeps it.
 *
 *   npx tsx bench/search/quality.ts [--rebuild] [--extra]
 */
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import path from "node:path";
import type { Caller } from "../../lib/auth/caller";
import { env } from "../../lib/config/env";
import { embeddingProvider } from "../../lib/embeddings";
import { ensureDefaultBuckets } from "../../lib/files/buckets";
import { baseName } from "../../lib/files/names";
import { logger } from "../../lib/log/logger";
import { s3 } from "../../lib/s3/client";
import { chunkDocument, defaultChunking } from "../../lib/search/chunk";
import { getCollection, findCollection } from "../../lib/search/collections";
import { evaluateCollection, evalModes } from "../../lib/search/evaluate";
import { chunkContext } from "../../lib/search/index-document";
import { extractDocument } from "../../lib/search/extract";
import { parseJsonJudgments } from "../../lib/search/judgments";
import { metricNames } from "../../lib/search/metrics";
import { defaultFusion } from "../../lib/search/qdrant-requests";
import { claimOperation, queueOperation } from "../../lib/search/operations";
import { createCollection, deleteCollection } from "../../lib/search/service";
import { sparseVector } from "../../lib/search/sparse";
import { runOperation } from "../../lib/search/sync";
import { uptime } from "../files/common";

const BUCKET = "bench-search";
// The head of each page (NAME, SYNOPSIS, DESCRIPTION: where a page says what the tool is for). Whole pages
// are up to 260 KB (curl), ~11k chunks for the corpus: too long a run for a shared 2-core machine.
const PAGE_CHARS = 6000;
const NAME = "bench-man-pages";
const caller: Caller = { actor: { id: "system:bench", username: "bench", name: "bench/search", roles: ["admin"], kind: "service" } };

env();
const judgmentsFile = path.join(import.meta.dirname, "judgments/man-pages.json");
const judged = parseJsonJudgments(JSON.parse(readFileSync(judgmentsFile, "utf8")));
const tools = [...new Set(judged.flatMap((q) => Object.keys(q.judgments)).map((k) => k.slice(4, -4)))];
// `--extra` adds ~45 more pages no query is about (more distractors, a longer run).
const extra = process.argv.includes("--extra") ? "mv rm ls cat head cut tee xargs date touch mkdir rmdir stat file id groups who hostname uname mount umount less more paste join column od strings nm objdump env printenv locale mkfs fsck dd sync truncate ip unzip gpg".split(" ") : [];

function render(tool: string): string | null {
  try {
    return execFileSync("man", ["-P", "cat", tool], { env: { ...process.env, MANWIDTH: "80", MAN_KEEP_FORMATTING: "0" }, stdio: ["ignore", "pipe", "ignore"] })
      .toString("utf8")
      .replace(/.\x08/g, "")
      .slice(0, PAGE_CHARS);
  } catch {
    return null;
  }
}

await ensureDefaultBuckets([BUCKET]);
const corpus = new Map<string, string>();
for (const tool of [...new Set([...tools, ...extra])]) {
  const text = render(tool);
  if (text) corpus.set(`man/${tool}.txt`, text);
}
for (const [key, text] of corpus) await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: text, ContentType: "text/plain" }));
// The bucket is shared by every console on this machine: pages an earlier run put there (with or without
// --extra) and this run does not have are removed, so the sync indexes exactly this corpus.
const listed = await s3().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "man/" }));
const strays = (listed.Contents ?? []).flatMap((o) => (o.Key && !corpus.has(o.Key) ? [{ Key: o.Key }] : []));
if (strays.length > 0) await s3().send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: strays } }));
const missing = tools.filter((t) => !corpus.has(`man/${t}.txt`));
const queries = judged
  .map((q) => ({ ...q, judgments: Object.fromEntries(Object.entries(q.judgments).filter(([k]) => corpus.has(k))) }))
  .filter((q) => Object.values(q.judgments).some((g) => g > 0));
console.log(`corpus: ${corpus.size} manual pages (${missing.length ? `not installed: ${missing.join(", ")}` : "all judged pages installed"}); ${queries.length} judged queries`);

// Without embedding: the same documents through extraction, chunking and BM25 vectors only; the texts
// are what the sync embeds (chunk under the document's title, as index-document.ts builds them).
const texts: string[] = [];
const cpuStarted = performance.now();
for (const [key, text] of corpus) {
  const extracted = await extractDocument(key, "text/plain", new TextEncoder().encode(text));
  if (extracted.outcome !== "text") continue;
  const title = extracted.title?.slice(0, 300) || baseName(key);
  for (const chunk of chunkDocument(extracted.blocks, defaultChunking)) {
    const context = chunkContext(title, chunk);
    sparseVector(context);
    texts.push(context);
  }
}
const cpuSeconds = (performance.now() - cpuStarted) / 1000;

// The model alone on the same texts, all handed over at once (sorted by length, every worker busy): the
// ceiling of the sync's rate. It also loads the model, as a running worker process has it loaded.
const model = embeddingProvider({ provider: "builtin", model: "all-MiniLM-L6-v2" });
await model.embed(["warm-up"]);
const modelUptime = uptime();
const modelCpuBefore = process.cpuUsage();
const modelStarted = performance.now();
await model.embed(texts);
const modelSeconds = (performance.now() - modelStarted) / 1000;
const modelCpu = process.cpuUsage(modelCpuBefore);
const modelRate = texts.length / modelSeconds;

/** CPU seconds used so far by every process whose command is one of `names` (Linux /proc; 0 elsewhere). */
function serviceCpuSeconds(names: string[]): number {
  const tick = 100; // USER_HZ: clock ticks per second in /proc/<pid>/stat on Linux
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (!names.includes(comm)) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / tick;
}
const services = { "vector store": ["strata-vector", "qdrant"], PostgreSQL: ["postgres"], SeaweedFS: ["weed"] };

if (process.argv.includes("--rebuild") && (await findCollection(NAME))) await deleteCollection(caller, NAME);
let operationId: bigint;
if (await findCollection(NAME)) {
  operationId = (await queueOperation({ collectionId: (await getCollection(NAME)).id, kind: "sync", trigger: "manual", requestedBy: "bench" })).operation.id;
} else {
  const created = await createCollection(
    caller,
    { name: NAME, description: "bench/search: Debian manual pages", sources: [{ bucket: BUCKET, prefix: "man/", include: [], exclude: [] }], model: { provider: "builtin", model: "all-MiniLM-L6-v2" }, chunking: defaultChunking, schedule: null },
    "manual",
  );
  operationId = BigInt(created.operation.id);
}
await claimOperation(operationId);
const syncUptime = uptime();
const servicesBefore = Object.values(services).map(serviceCpuSeconds);
const eluBefore = performance.eventLoopUtilization();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await runOperation(operationId, logger());
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const mainThreadBusy = performance.eventLoopUtilization(eluBefore).utilization;
const servicesUsed = Object.values(services).map((names, i) => serviceCpuSeconds(names) - servicesBefore[i]!);
const cpuSecondsSync = (cpu.user + cpu.system) / 1e6;
if (result.status !== "succeeded") throw new Error(`the sync ${result.status}: ${result.error}`);
const chunks = result.counts.chunks ?? 0;
const perSecond = (n: number, s: number) => `${(n / s).toFixed(1)}`;
console.log(`model alone (built-in, the ${texts.length} chunk texts the sync embeds, one call): ${texts.length} chunks in ${modelSeconds.toFixed(1)} s = ${modelRate.toFixed(1)} chunks/s, ${perSecond(texts.length, (modelCpu.user + modelCpu.system) / 1e6)} chunks per CPU-second  [${modelUptime}]`);
if (chunks > 0) {
  const rate = chunks / seconds;
  console.log(`whole sync (S3 → extract → chunk → model → vector store → PostgreSQL): ${result.counts.indexed} documents, ${chunks} chunks in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} chunks/s = ${((rate / modelRate) * 100).toFixed(0)}% of the model alone (target ≥ 25): ${rate >= 25 ? "MET" : "NOT MET"}  [${syncUptime}]`);
  // CPU time is what each process got, whatever else the machine runs: this process (the model's worker
  // threads included) and the services the sync talks to.
  console.log(
    `  CPU during the sync: this process ${cpuSecondsSync.toFixed(1)} CPU-s (${perSecond(chunks, cpuSecondsSync)} chunks per CPU-second; main thread busy ${(mainThreadBusy * 100).toFixed(0)}% of the time), ` +
      Object.keys(services).map((name, i) => `${name} ${servicesUsed[i]!.toFixed(1)}`).join(", ") +
      ` CPU-s (all processes of that name on the machine)  [after: ${uptime()}]`,
  );
} else {
  console.log(`ingestion: nothing changed since the last run (${seconds.toFixed(1)} s to check ${corpus.size} documents); --rebuild to measure a full sync  [${syncUptime}]`);
}
console.log(`without embedding (extract + chunk + BM25 vectors, in process): ${texts.length} chunks in ${cpuSeconds.toFixed(2)} s = ${(texts.length / cpuSeconds).toFixed(0)} chunks/s`);

const evaluation = await evaluateCollection(await getCollection(NAME), queries);
console.log(`hybrid fuses with ${defaultFusion.toUpperCase()} (the default; bench/search/fusion-sweep.ts compares RRF settings)`);
console.log(["mode    ", ...metricNames.map((m) => m.padStart(9))].join(" "));
for (const mode of evalModes) console.log([mode.padEnd(8), ...metricNames.map((m) => evaluation.summary[mode][m].toFixed(3).padStart(9))].join(" "));
const { hybrid, dense, keyword } = evaluation.summary;
const better = Math.max(dense.ndcg10, keyword.ndcg10);
console.log(`hybrid nDCG@10 ${hybrid.ndcg10.toFixed(3)} vs the better of dense and keyword ${better.toFixed(3)} (target: hybrid ≥): ${hybrid.ndcg10 >= better ? "MET" : "NOT MET"}`);
process.exit(0);
