import { Redis } from "ioredis";
import { env } from "@/lib/config/env";

const holder = globalThis as unknown as { strataRedis?: Redis };

/**
 * The shared Redis connection for caching. It fails fast while Redis is down (no offline queue, one retry)
 * so callers fall back to PostgreSQL instead of hanging; it keeps reconnecting in the background.
 */
export function redis(): Redis {
  holder.strataRedis ??= new Redis(env().REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  return holder.strataRedis;
}

/**
 * Waits (bounded) for the shared connection to be usable. Without an offline queue, a command sent in the
 * first milliseconds of a process — before the socket is up — fails even though Redis is fine; callers
 * that report health, or must not skip the cache on a fresh replica, wait here first.
 */
export async function connectedRedis(timeoutMs = 2_000): Promise<Redis> {
  const client = redis();
  if (client.status === "ready") return client;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not connected within ${timeoutMs} ms (state: ${client.status})`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      client.off("ready", onReady);
    };
    client.on("ready", onReady);
  });
  return client;
}

/** A separate connection with BullMQ's required settings (it blocks, and must retry forever). */
export function queueConnection(): Redis {
  return new Redis(env().REDIS_URL, { maxRetriesPerRequest: null, enableReadyCheck: false });
}

const READY_COUNT = Symbol.for("strata.redis.ready-count");

/**
 * How many times `client` has become ready: a different number means a new connection (Redis restarted, or
 * the socket dropped and came back), so what was fenced on the old one must be checked again. Counted on the
 * client itself by one listener, added the first time a client is asked about — however many stores use the
 * client and however often Next reloads the modules that ask — so no caller keeps a listener or a flag of
 * its own on a shared client.
 */
export function connectionGeneration(client: Redis): number {
  const counted = client as Redis & { [READY_COUNT]?: number };
  if (counted[READY_COUNT] === undefined) {
    counted[READY_COUNT] = client.status === "ready" ? 1 : 0;
    client.on("ready", () => {
      counted[READY_COUNT]! += 1;
    });
  }
  return counted[READY_COUNT];
}
