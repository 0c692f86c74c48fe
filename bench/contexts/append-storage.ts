/**
 * Why messages are rows: appending one message to a context that already holds K messages, as
 *   (a) a JSONB array in the context row:  UPDATE … SET messages = messages || $1
 *   (b) the store's append: one row in user_context_messages (full-text indexed) and a small header update.
 * Prints time per append and WAL written per append (a proxy for I/O and replication traffic) for several K.
 * Other sessions' writes also land in the WAL, so run it on a quiet database.
 *
 *   npx tsx bench/contexts/append-storage.ts [--appends 200]
 */
import { randomUUID } from "node:crypto";
import { arg, openBenchServices } from "./setup";

const APPENDS = arg("appends", 200);
const SIZES = [10, 100, 1_000, 5_000];

const { databaseUrl, redisUrl } = await openBenchServices();
const [{ Redis }, pg, { contextsConfig }, { createContextStore }, { db }, { logger }] = await Promise.all([
  import("ioredis"),
  import("pg"),
  import("../../lib/contexts/config"),
  import("../../lib/contexts/store"),
  import("../../lib/db/client"),
  import("../../lib/log/logger"),
]);

const run = randomUUID().slice(0, 8);
const raw = new pg.Client({ connectionString: databaseUrl });
await raw.connect();
const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
await new Promise<void>((resolve) => redis.once("ready", () => resolve()));
const store = createContextStore({ db: db(), redis, config: contextsConfig({ keyPrefix: `bench:append:${run}:`, maxMessages: 100_000 }), log: logger() });

const message = (i: number) => ({
  role: i % 2 === 0 ? ("user" as const) : ("assistant" as const),
  content: `Message ${i}: the deployment moves the vector shards first, then PostgreSQL, and keeps the old racks powered until the smoke tests pass on every node of the cluster.`,
  createdAt: new Date().toISOString(),
});

async function walBytes(body: () => Promise<void>): Promise<{ ms: number; wal: number }> {
  const before = (await raw.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn")).rows[0]!.lsn;
  const started = performance.now();
  await body();
  const elapsed = performance.now() - started;
  const after = (await raw.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn")).rows[0]!.lsn;
  const diff = (await raw.query<{ d: string }>("SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::text AS d", [after, before])).rows[0]!.d;
  return { ms: elapsed, wal: Number(diff) };
}

try {
  await raw.query("CREATE TABLE IF NOT EXISTS bench_jsonb_contexts (id bigserial PRIMARY KEY, messages jsonb NOT NULL)");
  console.log(`append one message of ~${Buffer.byteLength(message(0).content)} B, ${APPENDS} times, to a context already holding K messages`);
  console.log("K       JSONB array: ms/append  WAL/append     message rows: ms/append  WAL/append");
  for (const k of SIZES) {
    const initial = Array.from({ length: k }, (_, i) => message(i));
    const { rows } = await raw.query<{ id: string }>("INSERT INTO bench_jsonb_contexts (messages) VALUES ($1::jsonb) RETURNING id", [JSON.stringify(initial)]);
    const id = rows[0]!.id;
    const jsonb = await walBytes(async () => {
      for (let i = 0; i < APPENDS; i += 1) {
        await raw.query("UPDATE bench_jsonb_contexts SET messages = messages || $1::jsonb WHERE id = $2", [JSON.stringify([message(k + i)]), id]);
      }
    });

    const key = { userId: `bench${run}-append`, conversationId: `k${k}` };
    await store.put(key, { tags: [], metadata: {}, messages: initial });
    const rowsResult = await walBytes(async () => {
      for (let i = 0; i < APPENDS; i += 1) await store.append(key, { messages: [message(k + i)] });
    });
    const per = (v: number) => (v / APPENDS).toFixed(2).padStart(8);
    const kib = (v: number) => `${(v / APPENDS / 1024).toFixed(1)} KiB`.padStart(10);
    console.log(`${String(k).padEnd(7)} ${per(jsonb.ms)} ms            ${kib(jsonb.wal)}     ${per(rowsResult.ms)} ms              ${kib(rowsResult.wal)}`);
    await store.remove(key);
  }
} finally {
  await raw.query("DROP TABLE IF EXISTS bench_jsonb_contexts");
  await raw.end();
  redis.disconnect();
  await db().$disconnect();
}
