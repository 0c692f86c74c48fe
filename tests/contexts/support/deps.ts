import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { contextsConfig, type ContextsConfig } from "@/lib/contexts/config";
import type { ContextDeps } from "@/lib/contexts/deps";
import type { MessageInput } from "@/lib/contexts/schemas";
import { createContextStore } from "@/lib/contexts/store";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";

/** A Redis client with the app's fail-fast settings, on the test Redis (db 1) unless a URL is given. */
export function testRedis(url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/1"): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1_000, retryStrategy: (n) => Math.min(n * 100, 500) });
  // Connection errors are expected where a test stops Redis; the store reports what matters.
  redis.on("error", () => undefined);
  return redis;
}

/** Until the client has connected, fail-fast commands are refused; tests wait for it. */
export async function connected(redis: Redis): Promise<Redis> {
  if (redis.status !== "ready") await new Promise<void>((resolve) => redis.once("ready", () => resolve()));
  return redis;
}

/**
 * Store dependencies for one test file: its own Redis key prefix and users named after a run id, so files
 * never see each other's data, and `cleanup()` removes exactly what the file wrote.
 */
export function testDeps(overrides: Partial<ContextsConfig> = {}, redis: Redis = testRedis()) {
  const run = randomUUID().slice(0, 8);
  const config = contextsConfig({ keyPrefix: `test:ctx:${run}:`, ...overrides });
  const deps: ContextDeps = { db: db(), redis, config, log: logger().child({ test: "contexts" }) };
  return {
    deps,
    config,
    store: createContextStore(deps),
    userPrefix: `t${run}-`,
    user: (name: string) => `t${run}-${name}`,
    async cleanup() {
      await db().$executeRaw`
        WITH w AS (DELETE FROM user_contexts WHERE user_id LIKE ${`t${run}-%`} RETURNING id),
             c AS (DELETE FROM user_contexts_archive WHERE user_id LIKE ${`t${run}-%`} RETURNING id)
        DELETE FROM user_context_messages WHERE context_id = ANY(ARRAY(SELECT id FROM w UNION ALL SELECT id FROM c))`;
      await db().$executeRaw`DELETE FROM user_context_cache_invalidations WHERE cache_key LIKE ${`t${run}-%`}`;
      if (redis.status === "ready") {
        const keys = await redis.keys(`test:ctx:${run}:*`);
        if (keys.length > 0) await redis.del(...keys);
      }
    },
  };
}

export function messages(count: number, text = (i: number) => `message number ${i}`): MessageInput[] {
  return Array.from({ length: count }, (_, i) => ({ role: i % 2 === 0 ? "user" : "assistant", content: text(i + 1) }));
}

/** Rows as PostgreSQL holds them, to check what a test did without going through the store. */
export async function tierCounts(userPrefix: string): Promise<{ warm: number; cold: number; messages: number }> {
  const [row] = await db().$queryRaw<{ warm: number; cold: number; messages: number }[]>`
    SELECT (SELECT count(*) FROM user_contexts WHERE user_id LIKE ${`${userPrefix}%`})::int AS warm,
           (SELECT count(*) FROM user_contexts_archive WHERE user_id LIKE ${`${userPrefix}%`})::int AS cold,
           -- Primary-key lookups per message: an IN (… UNION ALL …) here could be planned as a nested loop
           -- over 100k x 100k rows on freshly filled tables and run for minutes.
           (SELECT count(*) FROM user_context_messages m
             WHERE EXISTS (SELECT 1 FROM user_contexts c WHERE c.id = m.context_id AND c.user_id LIKE ${`${userPrefix}%`})
                OR EXISTS (SELECT 1 FROM user_contexts_archive a WHERE a.id = m.context_id AND a.user_id LIKE ${`${userPrefix}%`}))::int AS messages`;
  return row!;
}
