import { Redis } from "ioredis";
import { env } from "@/lib/config/env";

const holder = globalThis as unknown as { strataRedis?: Redis };

/**
 * The shared Redis connection for caching. It fails fast while Redis is down (no offline queue, one retry)
 * so callers fall back to PostgreSQL instead of hanging; it keeps reconnecting in the background.
 */
export function redis(): Redis {
  holder.strataRedis ??= new Redis(env().REDIS_URL, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  return holder.strataRedis;
}

/** A separate connection with BullMQ's required settings (it blocks, and must retry forever). */
export function queueConnection(): Redis {
  return new Redis(env().REDIS_URL, { maxRetriesPerRequest: null, enableReadyCheck: false });
}
