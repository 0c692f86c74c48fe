import { env } from "@/lib/config/env";

/** What the context store and its jobs need to know; from the environment by default, overridable in tests. */
export type ContextsConfig = {
  hotTtlSeconds: number;
  recacheTtlSeconds: number;
  warmDays: number;
  coldDays: number;
  purgeExport: boolean;
  exportBucket: string;
  archiveBatch: number;
  purgeBatch: number;
  maxMessages: number;
  redisTimeoutMs: number;
  /** Prefix of every Redis key the store writes, so tests and the benchmark keep to their own keys. */
  keyPrefix: string;
};

export function contextsConfig(overrides: Partial<ContextsConfig> = {}): ContextsConfig {
  const e = env();
  return {
    hotTtlSeconds: e.CONTEXTS_HOT_TTL_SECONDS,
    recacheTtlSeconds: e.CONTEXTS_RECACHE_TTL_SECONDS,
    warmDays: e.CONTEXTS_WARM_DAYS,
    coldDays: e.CONTEXTS_COLD_DAYS,
    purgeExport: e.CONTEXTS_PURGE_EXPORT,
    exportBucket: e.CONTEXTS_EXPORT_BUCKET,
    archiveBatch: e.CONTEXTS_ARCHIVE_BATCH,
    purgeBatch: e.CONTEXTS_PURGE_BATCH,
    maxMessages: e.CONTEXTS_MAX_MESSAGES,
    redisTimeoutMs: e.CONTEXTS_REDIS_TIMEOUT_MS,
    keyPrefix: "strata:ctx:",
    ...overrides,
  };
}
