/**
 * Model tiers benchmark. Run on demand against the local stack, never as a test:
 *
 *   npx tsx bench/tiers/models.ts [--files 4] [--file-mib 64] [--part-mib 16] [--concurrency 4] [--rounds 3]
 *                                 [--resolves 2000] [--models 100000] [--only promotion,resolve,policies]
 *                                 [--http http://localhost:3000]
 *
 * (Under `flock /tmp/strata-bench.lock nice -n 5 …` on a shared machine; each section prints `uptime`.)
 *
 * 1. Promotion throughput: Strata's promotion (request → runner → every part recorded → verified → hot) of a
 *    model of `files` × `file-mib`, copied part by part (UploadPartCopy, `part-mib` parts, `concurrency` at a
 *    time), against a raw loop of the same CreateMultipartUpload / UploadPartCopy / Complete calls over the
 *    same files with the same client and concurrency. Target: throughput ratio ≥ 0.9.
 * 2. Resolve of a hot model (records the access, answers the hot location) against a primary-key SELECT of
 *    the same row with node-postgres: p50/p95, in-process (the service function the route calls), alone and
 *    with `?presign=1` (a presigned GET per file). Target: resolve p95 < 10 ms. With `--http <console>`, also
 *    through HTTP (bearer token from Keycloak's dev service client), beside the console's liveness probe as
 *    the HTTP floor; that model is registered in the console's own database for the run and removed after.
 *    Without the promotion section, the hot model is written straight into the registry (4 files).
 * 3. The policies' planning over `models` registry rows (set-based: one statement each): idle demotion with
 *    10 % of hot models idle for 40 days, and LRU eviction with the tier 5 % above its high watermark. The
 *    S3 work of the planned demotions is not part of this figure (it is one HEAD per cold file and one
 *    DeleteObjects per model, run by the runner afterwards).
 *
 * Runs in its own database (`<db>_bench`), in the configured cold and hot buckets (on the local stack only
 * those have hdd/ssd volumes) under `bench/`, which it deletes from the hot bucket between rounds.
 */
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCopyCommand } from "@aws-sdk/client-s3";
import { execFileSync } from "node:child_process";
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
const flag = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ONLY = new Set((flag("only") ?? "promotion,resolve,policies").split(","));
const HTTP = flag("http");
const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();

// The console's database (its default when unset), read before openBenchServices points DATABASE_URL at the
// bench's own; parsed without env()'s cache, which must see the bench's URL.
const consoleDatabaseUrl = (await import("../../lib/config/env")).parseEnv(process.env).DATABASE_URL;
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
if (ONLY.has("promotion")) for (const key of keys) {
  // One random MiB repeated: the store copies bytes, not meaning, and the seed stays quick.
  const mib = randomBytes(MiB);
  await cold.client.send(new PutObjectCommand({ Bucket: coldBucket, Key: key, Body: Buffer.concat(Array.from({ length: FILE_MIB }, () => mib)) }));
}
if (ONLY.has("promotion")) await registerModel(deps, id, { type: "bench", name, version: "v1" });
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
if (ONLY.has("promotion")) {
  const strataMs: number[] = [];
  const rawMs: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    rawMs.push(await rawCopies());
    strataMs.push(await strataPromotion());
  }
  const rate = (msTaken: number) => `${((totalBytes / MiB) / (msTaken / 1000)).toFixed(1)} MiB/s`;
  const ratio = median(rawMs) / median(strataMs);
  console.log(`\npromotion of ${FILES} × ${FILE_MIB} MiB in ${PART_MIB} MiB parts, ${CONCURRENCY} at a time (median of ${ROUNDS}):  [${uptime()}]`);
  console.log(`  raw UploadPartCopy loop  ${ms(median(rawMs))}  ${rate(median(rawMs))}`);
  console.log(`  Strata promotion         ${ms(median(strataMs))}  ${rate(median(strataMs))}`);
  console.log(`  throughput ratio ${ratio.toFixed(3)} (target ≥ 0.90): ${ratio >= 0.9 ? "MET" : "NOT MET"}`);
}

/** A hot model straight into a registry (no bytes: resolve reads only the registry), for the resolve figures without a promotion. */
async function writeHotModel(sql: { query: (text: string, values: unknown[]) => Promise<unknown> }, modelId: string, modelPrefix: string) {
  await sql.query(
    `INSERT INTO models (id, type, name, version, prefix, file_count, total_bytes, state, hot_since, created_at, updated_at)
     VALUES ($1, 'bench', $2, 'v1', $3, 4, $4, 'hot', now(), now(), now())
     ON CONFLICT (id) DO UPDATE SET state = 'hot'`,
    [modelId, modelId.split(".")[1], modelPrefix, 4 * 64 * MiB],
  );
  await sql.query(
    `INSERT INTO model_files (model_id, path, size, etag)
     SELECT $1, 'weights-' || lpad(g::text, 5, '0') || '.bin', $2, md5(g::text) FROM generate_series(1, 4) g ON CONFLICT DO NOTHING`,
    [modelId, 64 * MiB],
  );
}

// 2. Resolve of the hot model against a primary-key SELECT.
if (ONLY.has("resolve")) {
  if (!ONLY.has("promotion")) await writeHotModel(modelsPool(), id, prefix);
  const raw = new pg.default.Client({ connectionString: databaseUrl });
  await raw.connect();
  for (let i = 0; i < 50; i += 1) {
    await resolveModel(caller, id, { presign: false }, deps);
    await resolveModel(caller, id, { presign: true }, deps);
    await raw.query("SELECT * FROM models WHERE id = $1", [id]);
  }
  const resolveOnce = (presign: boolean) => async () => {
    const r = await resolveModel(caller, id, { presign }, deps);
    if (r.status !== 200 || r.body.tier !== "hot") throw new Error(`resolve answered ${r.status} ${r.body.tier}`);
  };
  // Interleaved in blocks of 100, so a burst of load on the shared machine lands on all three alike.
  const selectSamples: number[] = [];
  const resolveSamples: number[] = [];
  const presignSamples: number[] = [];
  for (let done = 0; done < RESOLVES; done += 100) {
    const n = Math.min(100, RESOLVES - done);
    selectSamples.push(...(await timeEach(n, () => raw.query("SELECT * FROM models WHERE id = $1", [id]))));
    resolveSamples.push(...(await timeEach(n, resolveOnce(false))));
    presignSamples.push(...(await timeEach(n, resolveOnce(true))));
  }
  for (const s of [selectSamples, resolveSamples, presignSamples]) s.sort((a, b) => a - b);
  const p95 = percentile(resolveSamples, 95);
  console.log(`\nresolve of a hot model (4 files), ${RESOLVES} calls each, in-process:  [${uptime()}]`);
  console.log(`  primary-key SELECT        p50 ${ms(percentile(selectSamples, 50))}  p95 ${ms(percentile(selectSamples, 95))}`);
  console.log(`  resolve (hot)             p50 ${ms(percentile(resolveSamples, 50))}  p95 ${ms(p95)}`);
  console.log(`  resolve ?presign=1        p50 ${ms(percentile(presignSamples, 50))}  p95 ${ms(percentile(presignSamples, 95))}`);
  console.log(`  resolve p95 ${ms(p95)} (target < 10 ms): ${p95 < 10 ? "MET" : "NOT MET"}`);
  await raw.end();

  if (HTTP) {
    // The console reads its own database: the model is registered there for the run.
    const consoleSql = new pg.default.Pool({ connectionString: consoleDatabaseUrl, max: 1 });
    const httpId = "bench.http-resolve.v1";
    await writeHotModel(consoleSql, httpId, "bench/http-resolve/v1/");
    try {
      const tokenResponse = await fetch(`${process.env.KEYCLOAK_URL ?? "http://localhost:8080"}/realms/strata/protocol/openid-connect/token`, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: "strata-service", client_secret: "strata-service-dev-secret" }),
      });
      const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
      const call = (presign: boolean) => async () => {
        const r = await fetch(`${HTTP}/api/v1/models/${httpId}/resolve${presign ? "?presign=1" : ""}`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
        if (r.status !== 200) throw new Error(`HTTP resolve answered ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
      };
      const live = async () => {
        const r = await fetch(`${HTTP}/api/health/live`);
        await r.arrayBuffer();
      };
      // The route handler in this process (token verified, role checked, JSON answered; no HTTP server), on
      // the bench database's model: what the API adds to resolve before any network.
      const { POST: resolveRoute } = await import("../../app/api/v1/models/[id]/resolve/route");
      const { NextRequest } = await import("next/server");
      const handler = async () => {
        const r = await resolveRoute(new NextRequest(`http://localhost/api/v1/models/${id}/resolve`, { method: "POST", headers: { authorization: `Bearer ${token}` } }), {
          params: Promise.resolve({ id }),
        });
        if (r.status !== 200) throw new Error(`route handler answered ${r.status}`);
        await r.arrayBuffer();
      };
      for (let i = 0; i < 50; i += 1) await handler();
      const handlerSamples = await timeEach(Math.min(RESOLVES, 1000), handler);
      console.log(`\nresolve route handler in-process (bearer token verified), ${handlerSamples.length} calls:  [${uptime()}]`);
      console.log(`  POST …/resolve handler    p50 ${ms(percentile(handlerSamples, 50))}  p95 ${ms(percentile(handlerSamples, 95))}`);

      for (let i = 0; i < 30; i += 1) await Promise.all([call(false)(), live()]);
      const liveSamples: number[] = [];
      const httpSamples: number[] = [];
      const httpPresign: number[] = [];
      const calls = Math.min(RESOLVES, 1000);
      for (let done = 0; done < calls; done += 100) {
        liveSamples.push(...(await timeEach(100, live)));
        httpSamples.push(...(await timeEach(100, call(false))));
        httpPresign.push(...(await timeEach(100, call(true))));
      }
      for (const s of [liveSamples, httpSamples, httpPresign]) s.sort((a, b) => a - b);
      console.log(`\nresolve through HTTP (${HTTP}, bearer token), ${calls} calls each:  [${uptime()}]`);
      console.log(`  GET /api/health/live      p50 ${ms(percentile(liveSamples, 50))}  p95 ${ms(percentile(liveSamples, 95))}  (the HTTP floor)`);
      console.log(`  POST …/resolve            p50 ${ms(percentile(httpSamples, 50))}  p95 ${ms(percentile(httpSamples, 95))}`);
      console.log(`  POST …/resolve?presign=1  p50 ${ms(percentile(httpPresign, 50))}  p95 ${ms(percentile(httpPresign, 95))}`);
    } finally {
      await consoleSql.query("DELETE FROM models WHERE id = $1", [httpId]);
      await consoleSql.end();
    }
  }
}

// 3. Policy planning over MODELS registry rows.
if (ONLY.has("policies")) {
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
  console.log(`\npolicy planning over ${MODELS.toLocaleString("en")} hot models (one statement each):  [${uptime()}]`);
  console.log(`  idle demotion: ${idle.length.toLocaleString("en")} models marked and queued in ${ms(idleMs)}`);
  console.log(`  LRU eviction:  ${lru.length.toLocaleString("en")} models marked and queued in ${ms(lruMs)} (tier 5 % above its high watermark, down to the low one)`);
  console.log(`  target: seconds, not minutes: ${Math.max(idleMs, lruMs) < 60_000 ? "MET" : "NOT MET"}`);
}

await db().$executeRaw`TRUNCATE models, model_files, model_moves, model_move_files, model_move_parts, model_tier_samples`;
if (ONLY.has("promotion")) {
  await deleteTierPrefix(hot, hotBucket, "bench/");
  await deleteTierPrefix(cold, coldBucket, "bench/");
}
process.exit(0);
