import { conflict } from "@/lib/http/errors";
import { connectionGeneration } from "@/lib/redis/client";
import { defaultContextDeps, type ContextDeps } from "./deps";
import { createHotTier } from "./hot-tier";
import {
  appendToWarm,
  deleteEverywhere,
  deleteMessages,
  insertMessages,
  lockContextKey,
  moveToCold,
  promoteToWarm,
  readColdRow,
  readContext,
  readWarmRow,
  upsertWarm,
  type AppendOutcome,
} from "./pg-tiers";
import { searchContexts, type ContextQuery } from "./search";
import { messageBytes, prepareMessages, storedMessages, toHeader, toTierHistory, type TierEvent } from "./rows";
import type { AppendInput, AppendResult, Context, ContextHeader, ContextInput, ContextKey, ContextMessage, Tier } from "./schemas";

/**
 * The context store: PostgreSQL first (durable), Redis after. A Redis that is down, slow or wrong never
 * fails a request: reads fall through to PostgreSQL, and a copy a write could not refresh is recorded in
 * user_context_cache_invalidations and fenced off in Redis before the next cached read is trusted.
 */

export type ContextDetail = {
  context: Context;
  tier: Tier;
  tierHistory: TierEvent[];
  activeAt: string;
  archivedAt: string | null;
};

export type MoveOutcome = "moved" | "already" | "missing";

export type ContextStore = ReturnType<typeof createContextStore>;

export function createContextStore(deps: ContextDeps) {
  const { db, config, log } = deps;
  const hot = createHotTier(deps.redis, { keyPrefix: config.keyPrefix, timeoutMs: config.redisTimeoutMs });
  // The Redis connection (`connectionGeneration`) on which this store last applied the invalidations
  // recorded while Redis was unreachable; null after a failure. Cached reads are trusted only on that same
  // connection, so a reconnect or a failure makes the next read fence stale copies first.
  let invalidationsAppliedOn: number | null = null;

  // One warning when Redis starts failing and one line when it is back, not one per request in between.
  let redisFailing = false;
  function redisFailed(error: unknown, during: string) {
    invalidationsAppliedOn = null;
    if (redisFailing) return;
    redisFailing = true;
    log.warn({ err: error, during }, "Redis is failing: contexts are served from PostgreSQL until it answers again");
  }

  async function recordInvalidation(key: ContextKey, version: string, error: unknown) {
    redisFailed(error, "write");
    await db.$executeRaw`
      INSERT INTO user_context_cache_invalidations (cache_key, version) VALUES (${hot.member(key)}, ${BigInt(version)})
      ON CONFLICT (cache_key) DO UPDATE SET version = GREATEST(user_context_cache_invalidations.version, EXCLUDED.version), at = now()`;
  }

  async function applyInvalidations(): Promise<number> {
    const generation = connectionGeneration(deps.redis);
    const pending = await db.$queryRaw<{ cache_key: string; version: bigint }[]>`
      SELECT cache_key, version FROM user_context_cache_invalidations ORDER BY at LIMIT 1000`;
    for (const row of pending) {
      const [userId = "", conversationId = ""] = row.cache_key.split("/");
      await hot.fence({ userId, conversationId }, row.version.toString(), config.hotTtlSeconds);
      await db.$executeRaw`DELETE FROM user_context_cache_invalidations WHERE cache_key = ${row.cache_key} AND version = ${row.version}`;
    }
    invalidationsAppliedOn = pending.length < 1000 ? generation : null;
    if (redisFailing) {
      redisFailing = false;
      log.info({ fenced: pending.length }, "Redis answers again: stale copies fenced, cached reads resume");
    }
    return pending.length;
  }

  async function readHot(key: ContextKey): Promise<Context | null> {
    try {
      if (invalidationsAppliedOn !== connectionGeneration(deps.redis)) await applyInvalidations();
      return await hot.read(key);
    } catch (error) {
      redisFailed(error, "read");
      return null;
    }
  }

  async function cacheWhole(context: Context, ttlSeconds: number) {
    try {
      await hot.write(context, ttlSeconds);
    } catch (error) {
      await recordInvalidation(context, context.version, error);
    }
  }

  async function cacheAppend(previousVersion: string, header: ContextHeader, appended: ContextMessage[]) {
    try {
      await hot.append(previousVersion, header, appended, config.hotTtlSeconds);
    } catch (error) {
      await recordInvalidation(header, header.version, error);
    }
  }

  async function fence(key: ContextKey, version: string) {
    try {
      await hot.fence(key, version, config.hotTtlSeconds);
    } catch (error) {
      await recordInvalidation(key, version, error);
    }
  }

  async function readWarm(key: ContextKey): Promise<Context | null> {
    const found = await readContext(db, key, "warm");
    return found ? { ...toHeader(found.row), messages: found.messages } : null;
  }

  async function isCached(key: ContextKey): Promise<boolean> {
    try {
      return (await hot.cached([key]))[0] ?? false;
    } catch {
      return false;
    }
  }

  return {
    hot,
    applyInvalidations,

    /** Hot → warm (cached again for a while) → cold (promoted to warm) → null. */
    async get(key: ContextKey): Promise<{ context: Context; tier: Tier } | null> {
      const cached = await readHot(key);
      if (cached) return { context: cached, tier: "hot" };
      const warm = await readWarm(key);
      if (warm) {
        await cacheWhole(warm, config.recacheTtlSeconds);
        return { context: warm, tier: "warm" };
      }
      // Promoted here or, a moment ago, by a concurrent reader: either way it is warm now.
      const promoted = await promoteToWarm(db, key, "read");
      const context = await readWarm(key);
      if (!context) return null;
      await cacheWhole(context, config.recacheTtlSeconds);
      return { context, tier: promoted ? "cold" : "warm" };
    },

    /** What the console shows: the context wherever it is, without promoting it, with its tier history. */
    async inspect(key: ContextKey): Promise<ContextDetail | null> {
      const warm = await readContext(db, key, "warm");
      const found = warm ?? (await readContext(db, key, "cold"));
      if (!found) return null;
      const { row, messages } = found;
      return {
        context: { ...toHeader(row), messages },
        tier: warm ? ((await isCached(key)) ? "hot" : "warm") : "cold",
        tierHistory: toTierHistory(row.tier_history),
        activeAt: row.active_at.toISOString(),
        archivedAt: "archived_at" in row && row.archived_at ? row.archived_at.toISOString() : null,
      };
    },

    /** Creates or replaces the whole context (a cold one is promoted first, keeping its id and history). */
    async put(key: ContextKey, input: ContextInput): Promise<{ context: Context; created: boolean }> {
      const messages = prepareMessages(input.messages);
      if (messages.length > config.maxMessages) {
        throw conflict(`A context holds at most ${config.maxMessages} messages; this one has ${messages.length}.`);
      }
      const { row, created } = await db.$transaction(async (tx) => {
        await lockContextKey(tx, key);
        await promoteToWarm(tx, key, "write");
        const result = await upsertWarm(
          tx,
          key,
          {
            title: input.title ?? null,
            model: input.model ?? null,
            tags: input.tags,
            metadata: input.metadata as Record<string, never>,
            messageCount: messages.length,
            bytes: messageBytes(messages),
          },
          "create",
        );
        if (!result.created) await deleteMessages(tx, result.row.id);
        await insertMessages(tx, result.row.id, 0, messages, result.row.updated_at);
        return result;
      });
      const context = { ...toHeader(row), messages: storedMessages(messages, 1, row.updated_at) };
      await cacheWhole(context, config.hotTtlSeconds);
      return { context, created };
    },

    /**
     * Appends messages in order after those already there. A context that does not exist is created; a
     * cold one is promoted first. Concurrent appends all land, each in one piece.
     */
    async append(key: ContextKey, input: AppendInput): Promise<AppendResult & { created: boolean }> {
      const messages = prepareMessages(input.messages);
      const bytes = messageBytes(messages);
      let created = false;
      let outcome: AppendOutcome = await appendToWarm(db, key, messages, bytes, config.maxMessages);
      if (outcome.kind === "missing") {
        outcome = await db.$transaction(async (tx) => {
          await lockContextKey(tx, key);
          if (!(await readWarmRow(tx, key)) && !(await promoteToWarm(tx, key, "write"))) {
            await tx.$executeRaw`
              INSERT INTO user_contexts (user_id, conversation_id, tier_history)
              VALUES (${key.userId}, ${key.conversationId}, jsonb_build_array(jsonb_build_object('tier', 'warm', 'at', now(), 'by', 'create')))
              ON CONFLICT (user_id, conversation_id) DO NOTHING`;
            created = true;
          }
          return appendToWarm(tx, key, messages, bytes, config.maxMessages);
        });
      }
      if (outcome.kind === "full") {
        throw conflict(
          `A context holds at most ${config.maxMessages} messages; this one has ${outcome.messageCount} and the append adds ${messages.length}.`,
        );
      }
      if (outcome.kind === "missing") throw new Error("the context vanished while it was being created");
      const header = toHeader(outcome.row);
      const appended = storedMessages(messages, outcome.previousCount + 1, outcome.row.updated_at);
      await cacheAppend(outcome.previousVersion.toString(), header, appended);
      return { version: header.version, messageCount: header.messageCount, appended, created };
    },

    /** Deletes the context from every tier; null when no tier had it. */
    async remove(key: ContextKey): Promise<{ deletedFrom: Tier[] } | null> {
      const wasCached = await isCached(key);
      const outcome = await deleteEverywhere(db, key);
      await fence(key, outcome.fence.toString());
      const deletedFrom: Tier[] = [
        ...(wasCached ? (["hot"] as const) : []),
        ...(outcome.warm > 0 ? (["warm"] as const) : []),
        ...(outcome.cold > 0 ? (["cold"] as const) : []),
      ];
      return deletedFrom.length === 0 ? null : { deletedFrom };
    },

    /** Moves a warm context to cold now, dropping its Redis copy. */
    async archive(key: ContextKey, by: string): Promise<MoveOutcome> {
      const moved = await moveToCold(db, key, by);
      if (moved) {
        await fence(key, moved.version.toString());
        return "moved";
      }
      return (await readColdRow(db, key)) ? "already" : "missing";
    },

    /** Context headers across warm and cold, newest first, a page at a time. */
    search(query: ContextQuery) {
      return searchContexts(db, hot, query);
    },

    /** Moves a cold context back to warm without reading it through the API. */
    async restore(key: ContextKey, by: string): Promise<MoveOutcome> {
      if (await promoteToWarm(db, key, by)) return "moved";
      return (await readWarmRow(db, key)) ? "already" : "missing";
    },
  };
}

let shared: ContextStore | undefined;

/**
 * The application's store, on the shared PostgreSQL and Redis clients. A module-level instance, not one on
 * globalThis: the clients are shared process-wide (lib/db, lib/redis), but the store's own state — which
 * connection its invalidations were applied on, whether Redis is failing — starts afresh with the module
 * (after an edit in development, or in each server chunk that bundles it), which only makes it fence once
 * more; it registers no listener of its own, so new instances leave nothing behind on the shared client.
 */
export function contextStore(): ContextStore {
  shared ??= createContextStore(defaultContextDeps());
  return shared;
}
