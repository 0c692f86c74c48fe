/**
 * Context store benchmark. Run on demand, not a test (it needs the local stack):
 *
 *   npx tsx bench/contexts/run.ts
 *   npx tsx bench/contexts/run.ts --contexts 2000 --messages 20 --reads 1000 --archive 100000
 *
 * Prints get latency p50/p95 per tier through the store (hot: Redis; warm: PostgreSQL, then re-cached;
 * cold: promoted to warm in one statement) next to the raw driver call each tier is built on (ioredis GET of
 * a value of the same size; a primary-key SELECT with node-postgres), and archive throughput next to a bare
 * set-based move of the same rows between two tables with the same indexes. Ratios are to the targets in
 * the issue: hot p95 < 2 ms, warm p95 < 10 ms, cold p95 < 50 ms, archive ≥ 20k contexts/s.
 */
import { randomUUID } from "node:crypto";
import { arg, ms, percentile, timeEach, openBenchServices } from "./setup";

const CONTEXTS = arg("contexts", 2_000);
const MESSAGES = arg("messages", 20);
const READS = arg("reads", 1_000);
const ARCHIVE = arg("archive", 100_000);
const ARCHIVE_MESSAGES = arg("archive-messages", 4);
const TARGETS = { hot: 2, warm: 10, cold: 50, archivePerSecond: 20_000 };

const { databaseUrl, redisUrl } = await openBenchServices();
const [{ Redis }, pg, { contextsConfig }, { createContextStore }, { archiveContexts }, { db }, { logger }] = await Promise.all([
  import("ioredis"),
  import("pg"),
  import("../../lib/contexts/config"),
  import("../../lib/contexts/store"),
  import("../../lib/contexts/archive"),
  import("../../lib/db/client"),
  import("../../lib/log/logger"),
]);

const run = randomUUID().slice(0, 8);
const users = `bench${run}-`;
const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
await new Promise<void>((resolve) => redis.once("ready", () => resolve()));
const config = contextsConfig({ keyPrefix: `bench:ctx:${run}:`, archiveBatch: 5_000 });
const store = createContextStore({ db: db(), redis, config, log: logger() });
const raw = new pg.Client({ connectionString: databaseUrl });
await raw.connect();

const keyOf = (i: number) => ({ userId: `${users}u${i % 50}`, conversationId: `c${i}` });
const hotKeys = (i: number) => {
  const k = keyOf(i);
  return [`${config.keyPrefix}{${k.userId}/${k.conversationId}}:h`, `${config.keyPrefix}{${k.userId}/${k.conversationId}}:m`];
};
const pick = (i: number) => (i * 7919) % CONTEXTS;
const sentence = (i: number, j: number) =>
  `Message ${j} of conversation ${i}: the deployment moves the vector shards first, then PostgreSQL, and keeps the old racks until smoke tests pass.`;

type Row = { answers: string; label: string; p50: number; p95: number; target?: number; rawLabel: string; rawP50: number; rawP95: number };
/** Which tier answered each timed read, so a phase that did not hit the tier it measures shows it. */
const answeredBy = new Map<string, number>();
const getCounting = async (key: { userId: string; conversationId: string }) => {
  const found = await store.get(key);
  const tier = found?.tier ?? "miss";
  answeredBy.set(tier, (answeredBy.get(tier) ?? 0) + 1);
};
const tierReport = () => {
  const text = [...answeredBy].map(([t, n]) => `${t} ${n}`).join(", ");
  answeredBy.clear();
  return text;
};
const rows: Row[] = [];

async function cleanup() {
  await raw.query(
    `WITH w AS (DELETE FROM user_contexts WHERE user_id LIKE $1 RETURNING id), c AS (DELETE FROM user_contexts_archive WHERE user_id LIKE $1 RETURNING id)
     DELETE FROM user_context_messages WHERE context_id = ANY(ARRAY(SELECT id FROM w UNION ALL SELECT id FROM c))`,
    [`${users}%`],
  );
  for (;;) {
    const [cursor, keys] = await redis.scan("0", "MATCH", `${config.keyPrefix}*`, "COUNT", 1000);
    if (keys.length > 0) await redis.del(...keys);
    if (cursor === "0") break;
  }
}

try {
  console.log(`seeding ${CONTEXTS} contexts × ${MESSAGES} messages through the store…`);
  for (let i = 0; i < CONTEXTS; i += 1) {
    await store.put(keyOf(i), {
      title: `Bench ${i}`,
      tags: ["bench"],
      metadata: { i },
      messages: Array.from({ length: MESSAGES }, (_, j) => ({ role: j % 2 === 0 ? "user" : "assistant", content: sentence(i, j) })),
    });
  }
  const sample = await store.get(keyOf(0));
  const valueBytes = Buffer.byteLength(JSON.stringify(sample?.context));
  const reads = Math.min(READS, CONTEXTS);

  // Hot: every context was just written, so Redis has it.
  const hot = await timeEach(reads, (i) => getCounting(keyOf(pick(i))));
  const hotAnswers = tierReport();
  await redis.set(`${config.keyPrefix}raw`, "x".repeat(valueBytes));
  const rawGet = await timeEach(reads, () => redis.get(`${config.keyPrefix}raw`));
  rows.push({ answers: hotAnswers, label: "hot (Redis)", p50: percentile(hot, 50), p95: percentile(hot, 95), target: TARGETS.hot, rawLabel: `Redis GET ${valueBytes} B`, rawP50: percentile(rawGet, 50), rawP95: percentile(rawGet, 95) });

  // Warm: the Redis copy is dropped (untimed) before each read, which then re-caches it.
  const warm = await timeEach(reads, (i) => getCounting(keyOf(pick(i))), (i) => redis.del(...hotKeys(pick(i))));
  const warmAnswers = tierReport();
  const ids = (await raw.query<{ id: string }>(`SELECT id FROM user_contexts WHERE user_id LIKE $1`, [`${users}%`])).rows.map((r) => r.id);
  const rawPk = await timeEach(reads, (i) => raw.query("SELECT * FROM user_contexts WHERE id = $1", [ids[i % ids.length]]));
  rows.push({ answers: warmAnswers, label: "warm (PostgreSQL)", p50: percentile(warm, 50), p95: percentile(warm, 95), target: TARGETS.warm, rawLabel: "pg primary-key SELECT", rawP50: percentile(rawPk, 50), rawP95: percentile(rawPk, 95) });

  // Cold: archive everything, drop Redis copies, then each read promotes one context back to warm.
  await raw.query(`UPDATE user_contexts SET active_at = now() - interval '400 days' WHERE user_id LIKE $1`, [`${users}%`]);
  await archiveContexts({ db: db(), config });
  for (let i = 0; i < CONTEXTS; i += 1) await redis.del(...hotKeys(i));
  const cold = await timeEach(reads, (i) => getCounting(keyOf(i)));
  const coldAnswers = tierReport();
  const coldIds = (await raw.query<{ id: string }>(`SELECT id FROM user_contexts_archive WHERE user_id LIKE $1`, [`${users}%`])).rows.map((r) => r.id);
  const rawColdPk = await timeEach(Math.min(reads, coldIds.length || 1), (i) =>
    raw.query("SELECT * FROM user_contexts_archive WHERE id = $1", [coldIds[i % Math.max(1, coldIds.length)] ?? "0"]),
  );
  rows.push({ answers: coldAnswers, label: "cold + promotion", p50: percentile(cold, 50), p95: percentile(cold, 95), target: TARGETS.cold, rawLabel: "pg primary-key SELECT", rawP50: percentile(rawColdPk, 50), rawP95: percentile(rawColdPk, 95) });
  await cleanup();

  // Archive throughput: ARCHIVE idle contexts with ARCHIVE_MESSAGES messages each, seeded set-based.
  console.log(`seeding ${ARCHIVE} idle contexts × ${ARCHIVE_MESSAGES} messages for the archive run…`);
  await raw.query(
    `INSERT INTO user_contexts (user_id, conversation_id, title, message_count, bytes, tier_history, created_at, updated_at, active_at)
     SELECT $1 || 'u' || (g % 1000), 'a' || g, 'Idle ' || g, $3, 600, '[]', now() - interval '40 days', now() - interval '40 days', now() - interval '40 days'
       FROM generate_series(1, $2::int) g`,
    [users, ARCHIVE, ARCHIVE_MESSAGES],
  );
  await raw.query(
    `INSERT INTO user_context_messages (context_id, seq, role, content, created_at, search)
     SELECT c.id, s, 'user', 'message ' || s || ' of ' || c.conversation_id || ' about the migration plan', now(), to_tsvector('simple', 'message ' || s || ' of ' || c.conversation_id)
       FROM user_contexts c, generate_series(1, $2::int) s WHERE c.user_id LIKE $1`,
    [`${users}%`, ARCHIVE_MESSAGES],
  );
  await raw.query("VACUUM ANALYZE user_contexts");
  await raw.query("VACUUM ANALYZE user_contexts_archive");
  const started = performance.now();
  const archived = await archiveContexts({ db: db(), config });
  const archiveSeconds = (performance.now() - started) / 1000;

  // The same rows moved by a bare statement between two tables with the same indexes (no tier history, no
  // version, no batching): the floor the archive job is compared to.
  await raw.query("DROP TABLE IF EXISTS bench_move_src, bench_move_dst");
  await raw.query("CREATE TABLE bench_move_src (LIKE user_contexts_archive INCLUDING ALL)");
  await raw.query("CREATE TABLE bench_move_dst (LIKE user_contexts_archive INCLUDING ALL)");
  await raw.query("INSERT INTO bench_move_src SELECT * FROM user_contexts_archive WHERE user_id LIKE $1", [`${users}%`]);
  await raw.query("VACUUM ANALYZE bench_move_src");
  const rawStarted = performance.now();
  const moved = await raw.query("WITH moved AS (DELETE FROM bench_move_src RETURNING *) INSERT INTO bench_move_dst SELECT * FROM moved");
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  await raw.query("DROP TABLE bench_move_src, bench_move_dst");

  console.log("");
  console.log(`get latency, ${reads} sequential reads per tier, contexts of ${MESSAGES} messages (${valueBytes} B as JSON)`);
  console.log("tier                 p50        p95        target p95  p95/target   raw call                  raw p50    raw p95");
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(20)} ${ms(r.p50).padStart(9)}  ${ms(r.p95).padStart(9)}  ${r.target ? `< ${r.target} ms`.padStart(10) : "".padStart(10)}  ${r.target ? (r.p95 / r.target).toFixed(2).padStart(10) : ""}   ${r.rawLabel.padEnd(24)} ${ms(r.rawP50).padStart(9)}  ${ms(r.rawP95).padStart(9)}   answered by: ${r.answers}`,
    );
  }
  const perSecond = archived.archived / archiveSeconds;
  const rawPerSecond = (moved.rowCount ?? 0) / rawSeconds;
  console.log("");
  console.log(`archive: ${archived.archived} contexts (${ARCHIVE_MESSAGES} messages each) in ${archived.batches} batches of ${config.archiveBatch}, ${archiveSeconds.toFixed(2)} s`);
  console.log(`         ${Math.round(perSecond)} contexts/s; target ≥ ${TARGETS.archivePerSecond}/s: ratio ${(perSecond / TARGETS.archivePerSecond).toFixed(2)}`);
  console.log(`         raw single-statement move of the same rows: ${Math.round(rawPerSecond)} rows/s (archive job at ${((perSecond / rawPerSecond) * 100).toFixed(0)}% of it)`);
} finally {
  await cleanup();
  await raw.end();
  redis.disconnect();
  await db().$disconnect();
}
