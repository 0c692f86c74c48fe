/**
 * Outputs policy jobs over a large registry. Run on demand, not a test (it needs the local stack):
 *
 *   npx tsx bench/tiers/outputs.ts                       # 1,000,000 outputs
 *   npx tsx bench/tiers/outputs.ts --outputs 100000 --demote 2000 --repromote 1000 --copy 1000
 *
 * Fills generated_outputs (in the bench database) with --outputs rows spread over 100 days and 1,000 users,
 * of which --demote are hot past OUTPUTS_HOT_DAYS, --repromote are cold-only and read 5 times, and --copy are
 * uploaded but not yet on cold; only those have real objects (in two scratch buckets). Then runs the three
 * policy jobs and prints, for each, its time beside two baselines over the same outputs:
 *   - S3 floor: the bare S3 calls the job cannot avoid (HEAD + DeleteObjects, or CopyObject), same concurrency;
 *   - registry row-at-a-time: one UPDATE per output (what an ORM loop does), against the job's set-based
 *     statements, both inside a transaction rolled back (so both see the same table).
 * Target (issue 9): seconds, not minutes, at 1M outputs.
 */
import { CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { arg, openBenchServices } from "../contexts/setup";

const OUTPUTS = arg("outputs", 1_000_000);
const DEMOTE = arg("demote", 5_000);
const REPROMOTE = arg("repromote", 2_000);
const COPY = arg("copy", 2_000);
const CONCURRENCY = 16;

const { databaseUrl } = await openBenchServices();
const [pg, { db }, { logger }, { outputsConfig }, { tierStore }, { copyNewOutputs }, { demoteHotOutputs }, { repromoteOutputs }, { runLimited }, { copySource }] =
  await Promise.all([
    import("pg"),
    import("../../lib/db/client"),
    import("../../lib/log/logger"),
    import("../../lib/outputs/config"),
    import("../../lib/s3/tiers"),
    import("../../lib/outputs/copy-to-cold"),
    import("../../lib/outputs/demote"),
    import("../../lib/outputs/repromote"),
    import("../../lib/files/run-limited"),
    import("../../lib/files/copy-object"),
  ]);

const run = randomUUID().slice(0, 8);
const prefix = `bench${run}-`;
const hot = { store: tierStore("hot"), bucket: `bench-hot-outputs-${run}` };
const cold = { store: tierStore("cold"), bucket: `bench-cold-outputs-${run}` };
const config = outputsConfig({ hotBucket: hot.bucket, coldBucket: cold.bucket, batch: 1_000 });
const deps = { db: db(), tiers: { hot, cold }, config, log: logger() };
const raw = new pg.Client({ connectionString: databaseUrl });
await raw.connect();

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await body();
  return { ms: performance.now() - started, result };
}

const BODY = Buffer.alloc(256, 7);

/**
 * Rows: i < DEMOTE hot+cold for 7–8 days (demotion candidates); next REPROMOTE cold-only with 5 cold reads;
 * next COPY hot-only uploaded minutes ago; the rest cold-only (or, for the newest week, hot+cold) and never read.
 */
async function fill(): Promise<void> {
  await raw.query(
    `INSERT INTO generated_outputs (id, user_id, filename, type, content_type, size, key, on_hot, on_cold, cold_reads, access_count, created_at, uploaded_at, hot_since, created_by)
     SELECT id, u, 'out-' || i || '.png', 'image', 'image/png', ${BODY.length},
            u || '/' || to_char(c, 'YYYY/MM/DD') || '/' || id || '.png',
            (i < $1 OR (i >= $1 + $2 AND i < $1 + $2 + $3) OR (i >= $1 + $2 + $3 AND c > now() - interval '7 days')),
            NOT (i >= $1 + $2 AND i < $1 + $2 + $3),
            CASE WHEN i >= $1 AND i < $1 + $2 THEN 5 ELSE 0 END,
            CASE WHEN i >= $1 AND i < $1 + $2 THEN 5 ELSE 0 END,
            c, c, c, 'bench'
       FROM (SELECT i, gen_random_uuid() AS id, $5 || 'u' || (i % 1000) AS u,
                    CASE WHEN i < $1 THEN now() - interval '7 days' - (i % 1000) * interval '1 minute'
                         WHEN i < $1 + $2 + $3 AND i >= $1 + $2 THEN now() - interval '5 minutes'
                         ELSE now() - (i % 100) * interval '1 day' - (i % 1440) * interval '1 minute' END AS c
               FROM generate_series(0, $4 - 1) AS i) s`,
    [DEMOTE, REPROMOTE, COPY, OUTPUTS, prefix],
  );
  await raw.query("ANALYZE generated_outputs");
}

async function keysOf(where: string): Promise<string[]> {
  const { rows } = await raw.query<{ key: string }>(`SELECT key FROM generated_outputs WHERE user_id LIKE $1 AND ${where}`, [`${prefix}%`]);
  return rows.map((r) => r.key);
}

async function put(tier: typeof hot, keys: string[]) {
  await runLimited(keys, 32, (Key) => tier.store.client.send(new PutObjectCommand({ Bucket: tier.bucket, Key, Body: BODY, ContentType: "image/png" })));
}

async function emptyBucket(tier: typeof hot) {
  for (;;) {
    const page = await tier.store.client.send(new ListObjectsV2Command({ Bucket: tier.bucket, MaxKeys: 1000 }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) break;
    await tier.store.client.send(new DeleteObjectsCommand({ Bucket: tier.bucket, Delete: { Objects: keys, Quiet: true } }));
  }
  await tier.store.client.send(new DeleteBucketCommand({ Bucket: tier.bucket })).catch(() => undefined);
}

/** Row-at-a-time vs set-based registry updates over the same ids, each in a transaction rolled back. */
async function registryUpdates(ids: string[], setSql: string): Promise<{ rowByRow: number; setBased: number }> {
  await raw.query("BEGIN");
  const rowByRow = await timed(async () => {
    for (const id of ids) await raw.query(`UPDATE generated_outputs SET ${setSql} WHERE id = $1`, [id]);
  });
  await raw.query("ROLLBACK");
  await raw.query("BEGIN");
  const setBased = await timed(async () => {
    for (let i = 0; i < ids.length; i += config.batch) await raw.query(`UPDATE generated_outputs SET ${setSql} WHERE id = ANY($1::uuid[])`, [ids.slice(i, i + config.batch)]);
  });
  await raw.query("ROLLBACK");
  return { rowByRow: rowByRow.ms, setBased: setBased.ms };
}

async function idsOf(where: string): Promise<string[]> {
  const { rows } = await raw.query<{ id: string }>(`SELECT id::text AS id FROM generated_outputs WHERE user_id LIKE $1 AND ${where}`, [`${prefix}%`]);
  return rows.map((r) => r.id);
}

function line(label: string, job: number, count: number, floor: number, registry: { rowByRow: number; setBased: number }) {
  console.log(
    `${label.padEnd(11)} ${String(count).padStart(7)} outputs  job ${secs(job).padStart(8)} (${Math.round(count / (job / 1000))}/s)` +
      `   S3 floor ${secs(floor).padStart(8)} (job/floor ${(job / floor).toFixed(2)})` +
      `   registry: set-based ${secs(registry.setBased)} vs row-at-a-time ${secs(registry.rowByRow)} (${(registry.rowByRow / registry.setBased).toFixed(0)}×)`,
  );
}

try {
  await hot.store.client.send(new CreateBucketCommand({ Bucket: hot.bucket }));
  await cold.store.client.send(new CreateBucketCommand({ Bucket: cold.bucket }));
  const filled = await timed(fill);
  const { rows } = await raw.query<{ n: string; size: string }>("SELECT count(*)::text AS n, pg_size_pretty(pg_total_relation_size('generated_outputs')) AS size FROM generated_outputs");
  console.log(`registry: ${rows[0]!.n} outputs in generated_outputs (${rows[0]!.size} with indexes; this run's ${OUTPUTS} inserted in ${secs(filled.ms)})`);

  const demoteKeys = await keysOf("on_hot AND on_cold AND hot_since < now() - interval '7 days'");
  const repromoteKeys = await keysOf("NOT on_hot AND cold_reads >= 5");
  const copyKeys = await keysOf("on_hot AND NOT on_cold");
  const objects = await timed(async () => {
    await put(hot, [...demoteKeys, ...copyKeys]);
    await put(cold, [...demoteKeys, ...repromoteKeys]);
  });
  console.log(`objects: ${demoteKeys.length * 2 + repromoteKeys.length + copyKeys.length} of ${BODY.length} B put in ${secs(objects.ms)} (not measured below)`);
  const users = Array.from({ length: 1000 }, (_, i) => `${prefix}u${i}`);
  console.log("job         outputs    time (rate)              beside the bare S3 calls           and the registry updates");

  // Copy: the job, then the same CopyObject calls on their own (the job's copies are overwritten in place).
  const copyIds = await idsOf("on_hot AND NOT on_cold");
  const copyRegistry = await registryUpdates(copyIds, "on_cold = true");
  const copy = await timed(() => copyNewOutputs(deps, { users }));
  const copyFloor = await timed(() =>
    runLimited(copyKeys, 8, async (Key) => {
      await hot.store.client.send(new HeadObjectCommand({ Bucket: hot.bucket, Key }));
      await cold.store.client.send(new CopyObjectCommand({ Bucket: cold.bucket, Key, CopySource: copySource({ bucket: hot.bucket, key: Key }) }));
      await cold.store.client.send(new HeadObjectCommand({ Bucket: cold.bucket, Key }));
    }),
  );
  line("copy", copy.ms, copy.result.copied, copyFloor.ms, copyRegistry);

  const demoteIds = await idsOf("on_hot AND on_cold AND hot_since < now() - interval '7 days'");
  const demoteRegistry = await registryUpdates(demoteIds, "on_hot = false");
  const demote = await timed(() => demoteHotOutputs(deps, { users }));
  await put(hot, demoteKeys); // the floor deletes them again
  const demoteFloor = await timed(async () => {
    await runLimited(demoteKeys, CONCURRENCY, (Key) => cold.store.client.send(new HeadObjectCommand({ Bucket: cold.bucket, Key })));
    for (let i = 0; i < demoteKeys.length; i += 1000) {
      await hot.store.client.send(new DeleteObjectsCommand({ Bucket: hot.bucket, Delete: { Objects: demoteKeys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    }
  });
  line("demote", demote.ms, demote.result.demoted, demoteFloor.ms, demoteRegistry);

  const repromoteIds = await idsOf("NOT on_hot AND cold_reads >= 5");
  const repromoteRegistry = await registryUpdates(repromoteIds, "on_hot = true, cold_reads = 0");
  const repromote = await timed(() => repromoteOutputs(deps, { users }));
  const repromoteFloor = await timed(() =>
    runLimited(repromoteKeys, 8, async (Key) => {
      await hot.store.client.send(new CopyObjectCommand({ Bucket: hot.bucket, Key, CopySource: copySource({ bucket: cold.bucket, key: Key }) }));
      await hot.store.client.send(new HeadObjectCommand({ Bucket: hot.bucket, Key }));
    }),
  );
  line("repromote", repromote.ms, repromote.result.promoted, repromoteFloor.ms, repromoteRegistry);

  // A run with nothing to do is the common case (every minute for copy): its cost is the index range scans alone.
  const idle = await timed(async () => {
    await copyNewOutputs(deps, { users });
    await demoteHotOutputs(deps, { users });
    await repromoteOutputs(deps, { users });
  });
  console.log(`idle: the three jobs with nothing left to move over ${OUTPUTS.toLocaleString("en")} outputs took ${secs(idle.ms)}`);
} finally {
  await raw.query("DELETE FROM generated_outputs WHERE user_id LIKE $1", [`${prefix}%`]);
  await emptyBucket(hot);
  await emptyBucket(cold);
  await raw.end();
  await db().$disconnect();
}
