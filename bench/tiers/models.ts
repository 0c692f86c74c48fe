/**
 * Model tiers benchmark. Run on demand against the local stack, never as a test:
 *
 *   npx tsx bench/tiers/models.ts [--files 4] [--file-mib 64] [--part-mib 16] [--concurrency 4] [--rounds 3]
 *                                 [--resolves 2000] [--models 100000]
 *
 * 1. Promotion throughput: Strata's promotion (request → runner → every part recorded → verified → hot) of a
 *    model of `files` × `file-mib`, copied part by part (UploadPartCopy, `part-mib` parts, `concurrency` at a
 *    time), against a raw loop of the same CreateMultipartUpload / UploadPartCopy / Complete calls over the
 *    same files with the same client and concurrency. Target: throughput ratio ≥ 0.9.
 * 2. Resolve of a hot model (records the access, answers the hot location) against a primary-key SELECT of
 *    the same row with node-postgres: p50/p95. Target: resolve p95 < 10 ms.
 * 3. The policies' planning over `models` registry rows (set-based: one statement each): idle demotion with
 *    10 % of hot models idle for 40 days, and LRU eviction with the tier 5 % above its high watermark. The
 *    S3 work of the planned demotions is not part of this figure (it is one HEAD per cold file and one
 *    DeleteObjects per model, run by the runner afterwards).
 *
 * Runs in its own database (`<db>_bench`), in the configured cold and hot buckets (on the local stack only
 * those have hdd/ssd volumes) under `bench/`, which it deletes from the hot bucket between rounds.
 */
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCopyCommand } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { arg, ms, openBenchServices, percentile, timeEach } from "../contexts/setup";

const FILES = arg("files", 4);
const FILE_MIB = arg("file-mib", 64);
const PART_MIB = arg("part-mib", 16);
const CONCURRENCY = arg("concurrency", 4);
const ROUNDS = arg("rounds", 3);
const RESOLVES = arg("resolves", 2000);
const MODELS = arg("models", 100_000);
const MiB = 1024 ** 2;

const { databaseUrl } = await openBenchServices();
const [pg, { db }, { logger }, { modelsConfig }, { requestPromotion, planIdleDemotions, planLruEvictions }, { registerModel }, { runPendingMoves }, { resolveModel }, { deleteTierPrefix }, { tierStore }, { copySource }, { planCopyParts }, { runLimited }, { modelsPool }] =
  await Promise.all([
    import("pg"),
    import("../../lib/db/client"),
    import("../../lib/log/logger"),
    import("../../lib/models/config"),
    import("../../lib/models/moves"),
    import("../../lib/models/registry"),
    import("../../lib/models/runner"),
    import("../../lib/models/service"),
    import("../../lib/models/tier-objects"),
    import("../../lib/s3/tiers"),
    import("../../lib/files/copy-object"),
    import("../../lib/files/part-plan"),
    import("../../lib/files/run-limited"),
    import("../../lib/models/pool"),
  ]);

const hot = tierStore("hot");
const cold = tierStore("cold");
const config = modelsConfig({ multipartAboveBytes: 8 * MiB, partBytes: PART_MIB * MiB, copyConcurrency: CONCURRENCY, hotCapacityBytes: 1024 ** 5 });
const { coldBucket, hotBucket } = config;
const deps = { db: db(), sql: modelsPool(), hot, cold, config, clock: () => new Date(), log: logger(), wake: async () => undefined };
const caller = { actor: { id: "bench", username: "bench", name: "bench", roles: ["viewer" as const], kind: "service" as const } };


const name = `f${FILES}x${FILE_MIB}`;
const prefix = `bench/${name}/v1/`;
const id = `bench.${name}.v1`;
const keys = Array.from({ length: FILES }, (_, i) => `${prefix}weights-${String(i + 1).padStart(5, "0")}.bin`);

await db().$executeRaw`TRUNCATE models, model_files, model_moves, model_move_files, model_move_parts, model_tier_samples`;
for (const key of keys) {
  // One random MiB repeated: the store copies bytes, not meaning, and the seed stays quick.
  const mib = randomBytes(MiB);
  await cold.client.send(new PutObjectCommand({ Bucket: coldBucket, Key: key, Body: Buffer.concat(Array.from({ length: FILE_MIB }, () => mib)) }));
}
await registerModel(deps, id, { type: "bench", name, version: "v1" });
const totalBytes = FILES * FILE_MIB * MiB;

async function strataPromotion(): Promise<number> {
  await deleteTierPrefix(hot, hotBucket, prefix);
  await db().model.update({ where: { id }, data: { state: "cold", hotSince: null } });
  const started = performance.now();
  const asked = await requestPromotion(deps, id, { reason: "manual", actor: "bench" });
  if (asked.outcome !== "queued") throw new Error(`promotion not queued: ${asked.outcome}`);
  const counts = await runPendingMoves(deps, { modelIds: [id] });
  if (counts.promoted !== 1) throw new Error(`promotion did not succeed: ${JSON.stringify(counts)}`);
  return performance.now() - started;
}

async function rawCopies(): Promise<number> {
  await deleteTierPrefix(hot, hotBucket, prefix);
  const started = performance.now();
  const uploads = await Promise.all(
    keys.map(async (key) => ({ key, uploadId: (await hot.client.send(new CreateMultipartUploadCommand({ Bucket: hotBucket, Key: key }))).UploadId! })),
  );
  const tasks = uploads.flatMap((u) => planCopyParts(FILE_MIB * MiB, PART_MIB * MiB).map((p) => ({ ...u, ...p })));
  const etags = await runLimited(tasks, CONCURRENCY, async (t) => {
    const out = await hot.client.send(
      new UploadPartCopyCommand({ Bucket: hotBucket, Key: t.key, UploadId: t.uploadId, PartNumber: t.partNumber, CopySource: copySource({ bucket: coldBucket, key: t.key }), CopySourceRange: t.range }),
    );
    return { ...t, etag: out.CopyPartResult?.ETag };
  });
  for (const u of uploads) {
    const parts = etags.filter((e) => e.key === u.key).map((e) => ({ PartNumber: e.partNumber, ETag: e.etag }));
    await hot.client.send(new CompleteMultipartUploadCommand({ Bucket: hotBucket, Key: u.key, UploadId: u.uploadId, MultipartUpload: { Parts: parts } }));
  }
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const strataMs: number[] = [];
const rawMs: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  rawMs.push(await rawCopies());
  strataMs.push(await strataPromotion());
}
const rate = (msTaken: number) => `${((totalBytes / MiB) / (msTaken / 1000)).toFixed(1)} MiB/s`;
const ratio = median(rawMs) / median(strataMs);
console.log(`\npromotion of ${FILES} × ${FILE_MIB} MiB in ${PART_MIB} MiB parts, ${CONCURRENCY} at a time (median of ${ROUNDS}):`);
console.log(`  raw UploadPartCopy loop  ${ms(median(rawMs))}  ${rate(median(rawMs))}`);
console.log(`  Strata promotion         ${ms(median(strataMs))}  ${rate(median(strataMs))}`);
console.log(`  throughput ratio ${ratio.toFixed(3)} (target ≥ 0.90): ${ratio >= 0.9 ? "MET" : "NOT MET"}`);

// 2. Resolve of the (now hot) model against a primary-key SELECT.
const raw = new pg.default.Client({ connectionString: databaseUrl });
await raw.connect();
for (let i = 0; i < 50; i += 1) {
  await resolveModel(caller, id, { presign: false }, deps);
  await raw.query("SELECT * FROM models WHERE id = $1", [id]);
}
const resolveSamples = await timeEach(RESOLVES, async () => {
  const r = await resolveModel(caller, id, { presign: false }, deps);
  if (r.status !== 200) throw new Error(`resolve answered ${r.status}`);
});
const selectSamples = await timeEach(RESOLVES, () => raw.query("SELECT * FROM models WHERE id = $1", [id]));
console.log(`\nresolve of a hot model, ${RESOLVES} calls:`);
console.log(`  primary-key SELECT   p50 ${ms(percentile(selectSamples, 50))}  p95 ${ms(percentile(selectSamples, 95))}`);
console.log(`  resolve (hot)        p50 ${ms(percentile(resolveSamples, 50))}  p95 ${ms(percentile(resolveSamples, 95))}`);
console.log(`  resolve p95 ${ms(percentile(resolveSamples, 95))} (target < 10 ms): ${percentile(resolveSamples, 95) < 10 ? "MET" : "NOT MET"}`);

// 3. Policy planning over MODELS registry rows.
await db().$executeRaw`TRUNCATE models, model_files, model_moves, model_move_files, model_move_parts, model_tier_samples`;
const GiB = 1024 ** 3;
const now = new Date();
const day = 86_400_000;
await db().$executeRaw`
  INSERT INTO models (id, type, name, version, prefix, file_count, total_bytes, state, pinned, last_access_at, access_count, hot_since, created_at, updated_at)
  SELECT 'bench.m' || g, 'bench', 'm' || g, 'v1', 'bench/m' || g || '/v1/', 3, ${GiB}::bigint, 'hot', g % 50 = 0,
         CASE WHEN g % 10 = 0 THEN ${new Date(now.getTime() - 40 * day)}::timestamptz ELSE ${now}::timestamptz - (g || ' seconds')::interval - interval '2 hours' END,
         g % 100, ${new Date(now.getTime() - 60 * day)}::timestamptz, ${now}, ${now}
    FROM generate_series(1, ${MODELS}::int) g`;
await db().$executeRaw`ANALYZE models`;
const policyDeps = (capacity: number) => ({ ...deps, config: { ...config, hotCapacityBytes: capacity, highWatermark: 0.9, lowWatermark: 0.75 } });

let started = performance.now();
const idle = await planIdleDemotions(policyDeps(1024 ** 5), { reason: "policy-idle", actor: "bench" });
const idleMs = performance.now() - started;
// Put them back, then make the tier 5 % above its high watermark.
await db().$executeRaw`UPDATE models SET state = 'hot', last_access_at = ${now}::timestamptz - interval '3 hours'`;
await db().$executeRaw`DELETE FROM model_moves`;
const capacity = Math.floor((MODELS * GiB) / 0.9 / 1.05);
started = performance.now();
const lru = await planLruEvictions(policyDeps(capacity), { reason: "policy-lru", actor: "bench" });
const lruMs = performance.now() - started;
console.log(`\npolicy planning over ${MODELS.toLocaleString("en")} hot models (one statement each):`);
console.log(`  idle demotion: ${idle.length.toLocaleString("en")} models marked and queued in ${ms(idleMs)}`);
console.log(`  LRU eviction:  ${lru.length.toLocaleString("en")} models marked and queued in ${ms(lruMs)} (tier 5 % above its high watermark, down to the low one)`);
console.log(`  target: seconds, not minutes: ${Math.max(idleMs, lruMs) < 60_000 ? "MET" : "NOT MET"}`);

await db().$executeRaw`TRUNCATE models, model_files, model_moves, model_move_files, model_move_parts, model_tier_samples`;
await raw.end();
await deleteTierPrefix(hot, hotBucket, "bench/");
await deleteTierPrefix(cold, coldBucket, "bench/");
process.exit(0);
