import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { archiveContexts } from "@/lib/contexts/archive";
import { db } from "@/lib/db/client";
import { connected, messages, testDeps, tierCounts } from "./support/deps";

const TOTAL = 100_000;
const CHILD_BATCH = 500;
const t = testDeps({ archiveBatch: 5_000 });

beforeAll(async () => {
  await connected(t.deps.redis);
  const old = new Date(Date.now() - 45 * 86_400_000);
  // Set-based seeding: 100k idle contexts of 100 users, one message each.
  await db().$executeRaw`
    INSERT INTO user_contexts (user_id, conversation_id, title, message_count, bytes, tier_history, created_at, updated_at, active_at)
    SELECT ${t.userPrefix}::text || 'u' || (g % 100), 'conv-' || g, 'Idle ' || g, 1, 12,
           jsonb_build_array(jsonb_build_object('tier', 'warm', 'at', ${old}::timestamptz, 'by', 'create')), ${old}, ${old}, ${old}
      FROM generate_series(1, ${TOTAL}::int) g`;
  await db().$executeRaw`
    INSERT INTO user_context_messages (context_id, seq, role, content, created_at, search)
    SELECT id, 1, 'user', 'hello ' || conversation_id, ${old}, to_tsvector('simple', 'hello ' || conversation_id)
      FROM user_contexts WHERE user_id LIKE ${`${t.userPrefix}%`}`;
  // Statistics for the bulk-loaded rows, so the job's and the test's queries are planned for 100k rows, not for empty tables.
  await db().$executeRaw`ANALYZE user_contexts, user_contexts_archive, user_context_messages`;
  for (let i = 0; i < 5; i += 1) {
    await t.store.put({ userId: t.user("recent"), conversationId: `recent-${i}` }, { tags: [], metadata: {}, messages: messages(2) });
  }
}, 180_000);

afterAll(async () => {
  await t.cleanup();
  t.deps.redis.disconnect();
}, 120_000);

async function childBackends(): Promise<number> {
  const [row] = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${`archive-child-${t.userPrefix}`}`;
  return row!.n;
}

describe("archive job", () => {
  test("killed with SIGKILL part-way, it has moved whole batches only; a rerun moves the rest, nothing lost or doubled", async () => {
    // The child's connections carry a name of their own, so the test can wait until PostgreSQL has ended them.
    const childDb = new URL(process.env.DATABASE_URL!);
    childDb.searchParams.set("application_name", `archive-child-${t.userPrefix}`);
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "support/archive-child.ts")], {
      env: { ...process.env, DATABASE_URL: childDb.toString(), ARCHIVE_SCOPE: t.userPrefix, CONTEXTS_ARCHIVE_BATCH: String(CHILD_BATCH), LOG_LEVEL: "silent" },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    let before = await tierCounts(t.userPrefix);
    while (before.cold === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
      before = await tierCounts(t.userPrefix);
    }
    child.kill("SIGKILL");
    await exited;
    // A batch whose COMMIT reached PostgreSQL just before the kill still commits; counting before the
    // child's backends are gone could miss it. Wait for them (a condition, not a delay).
    while ((await childBackends()) > 0) await new Promise((r) => setTimeout(r, 20));

    const afterKill = await tierCounts(t.userPrefix);
    expect(afterKill.cold).toBeGreaterThan(0);
    expect(afterKill.cold).toBeLessThan(TOTAL);
    expect(afterKill.cold % CHILD_BATCH).toBe(0);
    expect(afterKill.warm + afterKill.cold).toBe(TOTAL + 5);
    expect(afterKill.messages).toBe(TOTAL + 10);

    const started = performance.now();
    const rerun = await archiveContexts(t.deps, { scope: { userPrefix: t.userPrefix } });
    const seconds = (performance.now() - started) / 1000;
    console.log(`archive rerun: ${rerun.archived} contexts in ${seconds.toFixed(2)} s (${Math.round(rerun.archived / seconds)}/s)`);
    expect(rerun.archived).toBe(TOTAL - afterKill.cold);

    expect(await tierCounts(t.userPrefix)).toEqual({ warm: 5, cold: TOTAL, messages: TOTAL + 10 });
    const [check] = await db().$queryRaw<{ distinct_keys: number; double_moves: number }[]>`
      SELECT (SELECT count(DISTINCT (user_id, conversation_id)) FROM user_contexts_archive WHERE user_id LIKE ${`${t.userPrefix}%`})::int AS distinct_keys,
             (SELECT count(*) FROM user_contexts_archive WHERE user_id LIKE ${`${t.userPrefix}%`}
                AND jsonb_array_length(jsonb_path_query_array(tier_history, '$[*] ? (@.tier == "cold")')) <> 1)::int AS double_moves`;
    expect(check).toEqual({ distinct_keys: TOTAL, double_moves: 0 });

    expect(await archiveContexts(t.deps, { scope: { userPrefix: t.userPrefix } })).toEqual({ archived: 0, batches: 0 });
    const read = await t.store.get({ userId: `${t.userPrefix}u7`, conversationId: "conv-7" });
    expect(read?.tier).toBe("cold");
    expect(read?.context.messages.map((m) => m.content)).toEqual(["hello conv-7"]);
  }, 180_000);
});
