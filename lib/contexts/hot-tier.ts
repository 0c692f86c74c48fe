import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { Context, ContextHeader, ContextKey, ContextMessage } from "./schemas";

/**
 * The hot tier: a context in Redis as three keys sharing one hash tag — `h` the header JSON, `m` the
 * messages as comma-separated JSON objects (so an append is an APPEND, not a rewrite), and `v` the newest
 * version Redis has heard of. Every write is a Lua script that compares versions, so a slow writer holding
 * an older version can never overwrite a newer copy, and a write that cannot apply leaves a fence
 * (`v` without `h`/`m`) that refuses older copies until the TTL ends. A sorted set indexes live copies by
 * expiry, for the overview's count. Methods throw when Redis fails; the store decides what that means.
 */

const SET_SCRIPT = `
local known = tonumber(redis.call('GET', KEYS[3]) or '0')
if tonumber(ARGV[1]) < known then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[4])
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[4])
redis.call('ZADD', KEYS[4], tonumber(ARGV[6]) + tonumber(ARGV[4]) * 1000, ARGV[5])
return 1`;

const APPEND_SCRIPT = `
local known = redis.call('GET', KEYS[3])
if known == ARGV[1] and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[5])
  if redis.call('STRLEN', KEYS[2]) > 0 then
    redis.call('APPEND', KEYS[2], ',' .. ARGV[4])
  else
    redis.call('SET', KEYS[2], ARGV[4])
  end
  redis.call('EXPIRE', KEYS[2], ARGV[5])
  redis.call('SET', KEYS[3], ARGV[2], 'EX', ARGV[5])
  redis.call('ZADD', KEYS[4], tonumber(ARGV[7]) + tonumber(ARGV[5]) * 1000, ARGV[6])
  return 1
end
if tonumber(known or '0') < tonumber(ARGV[2]) then redis.call('SET', KEYS[3], ARGV[2], 'EX', ARGV[5]) end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[4], ARGV[6])
return 0`;

const FENCE_SCRIPT = `
if tonumber(redis.call('GET', KEYS[3]) or '0') < tonumber(ARGV[1]) then redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2]) end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[4], ARGV[3])
return 1`;

type Script = { source: string; sha: string };
const script = (source: string): Script => ({ source, sha: createHash("sha1").update(source).digest("hex") });
const scripts = { set: script(SET_SCRIPT), append: script(APPEND_SCRIPT), fence: script(FENCE_SCRIPT) };

export type HotStats = { count: number; estimatedBytes: number; usedMemoryBytes: number; maxMemoryBytes: number };

export type HotTier = ReturnType<typeof createHotTier>;

export function createHotTier(redis: Redis, options: { keyPrefix: string; timeoutMs: number }) {
  const indexKey = `${options.keyPrefix}hot`;
  // The member names the context in the index; '/' cannot occur in ids, so it is unambiguous.
  const member = (key: ContextKey) => `${key.userId}/${key.conversationId}`;
  const keysOf = (key: ContextKey) => {
    const base = `${options.keyPrefix}{${member(key)}}`;
    return [`${base}:h`, `${base}:m`, `${base}:v`, indexKey] as const;
  };

  function bounded<T>(operation: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
  }

  async function run(s: Script, keys: readonly string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await bounded(redis.evalsha(s.sha, keys.length, ...keys, ...args));
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return bounded(redis.eval(s.source, keys.length, ...keys, ...args));
    }
  }

  const headerJson = (header: ContextHeader) => JSON.stringify(header);
  const messagesFragment = (messages: ContextMessage[]) => messages.map((m) => JSON.stringify(m)).join(",");

  return {
    member,

    /** The cached context, or null when Redis has no complete copy. */
    async read(key: ContextKey): Promise<Context | null> {
      const [h, m] = keysOf(key);
      const [header, messages] = await bounded(redis.mget(h, m));
      if (header == null || messages == null) return null;
      return { ...(JSON.parse(header) as ContextHeader), messages: JSON.parse(`[${messages}]`) as ContextMessage[] };
    },

    /** Stores the whole context unless Redis already knows a newer version. */
    async write(context: Context, ttlSeconds: number): Promise<boolean> {
      const { messages, ...header } = context;
      const result = await run(scripts.set, keysOf(context), [
        context.version,
        headerJson(header),
        messagesFragment(messages),
        ttlSeconds,
        member(context),
        Date.now(),
      ]);
      return result === 1;
    },

    /**
     * Appends messages to the cached copy if it is exactly the version before this append; otherwise drops
     * the copy and fences it at the new version (the next read refills it from PostgreSQL).
     */
    async append(previousVersion: string, header: ContextHeader, messages: ContextMessage[], ttlSeconds: number): Promise<boolean> {
      const result = await run(scripts.append, keysOf(header), [
        previousVersion,
        header.version,
        headerJson(header),
        messagesFragment(messages),
        ttlSeconds,
        member(header),
        Date.now(),
      ]);
      return result === 1;
    },

    /** Drops the cached copy and refuses any copy older than `version` for `ttlSeconds`. */
    async fence(key: ContextKey, version: string, ttlSeconds: number): Promise<void> {
      await run(scripts.fence, keysOf(key), [version, ttlSeconds, member(key)]);
    },

    /** Which of these contexts have a complete copy in Redis (for tier badges). */
    async cached(keys: ContextKey[]): Promise<boolean[]> {
      if (keys.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.exists(keysOf(key)[0]);
      const results = (await bounded(pipeline.exec())) ?? [];
      return results.map(([error, value]) => !error && value === 1);
    },

    async stats(): Promise<HotStats> {
      await bounded(redis.zremrangebyscore(indexKey, "-inf", Date.now()));
      const [count, sample, info] = await Promise.all([
        bounded(redis.zcard(indexKey)),
        bounded(redis.zrandmember(indexKey, 50)),
        bounded(redis.info("memory")),
      ]);
      let sampled = 0;
      for (const name of sample ?? []) {
        const [userId = "", conversationId = ""] = name.split("/");
        const [h, m] = keysOf({ userId, conversationId });
        const sizes = await Promise.all([bounded(redis.memory("USAGE", h)), bounded(redis.memory("USAGE", m))]);
        sampled += sizes.reduce<number>((sum, s) => sum + (typeof s === "number" ? s : 0), 0);
      }
      const sampleSize = sample?.length ?? 0;
      const infoValue = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1] ?? 0);
      return {
        count,
        estimatedBytes: sampleSize === 0 ? 0 : Math.round((sampled / sampleSize) * count),
        usedMemoryBytes: infoValue("used_memory"),
        maxMemoryBytes: infoValue("maxmemory"),
      };
    },
  };
}
