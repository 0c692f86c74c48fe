import { ConfigError, env } from "@/lib/config/env";

/** What the model registry, its moves and its policies need to know; from the environment, overridable in tests. */
export type ModelsConfig = {
  coldBucket: string;
  hotBucket: string;
  hotCapacityBytes: number;
  /** Fractions of the capacity (0..1). */
  highWatermark: number;
  lowWatermark: number;
  maxIdleDays: number;
  inUseWindowMinutes: number;
  multipartAboveBytes: number;
  partBytes: number;
  copyConcurrency: number;
  presignExpirySeconds: number;
  /** How long a move runner holds a move without news before another runner may take it over. */
  leaseSeconds: number;
  /** How long a failed promotion's copied parts wait on the hot tier for a retry to take them over. */
  failedCopyKeepHours: number;
};

export function modelsConfig(overrides: Partial<ModelsConfig> = {}): ModelsConfig {
  const e = env();
  const config: ModelsConfig = {
    coldBucket: e.MODELS_COLD_BUCKET,
    hotBucket: e.MODELS_HOT_BUCKET,
    hotCapacityBytes: e.MODELS_HOT_CAPACITY_BYTES,
    highWatermark: e.MODELS_HOT_HIGH_WATERMARK_PERCENT / 100,
    lowWatermark: e.MODELS_HOT_LOW_WATERMARK_PERCENT / 100,
    maxIdleDays: e.MODELS_HOT_MAX_IDLE_DAYS,
    inUseWindowMinutes: e.MODELS_IN_USE_WINDOW_MINUTES,
    multipartAboveBytes: e.MODELS_COPY_MULTIPART_ABOVE_BYTES,
    partBytes: e.MODELS_COPY_PART_BYTES,
    copyConcurrency: e.MODELS_COPY_CONCURRENCY,
    presignExpirySeconds: e.MODELS_PRESIGN_EXPIRY_SECONDS,
    leaseSeconds: 60,
    failedCopyKeepHours: 24,
    ...overrides,
  };
  if (config.lowWatermark >= config.highWatermark) {
    throw new ConfigError(["MODELS_HOT_LOW_WATERMARK_PERCENT: must be below MODELS_HOT_HIGH_WATERMARK_PERCENT"]);
  }
  if (config.coldBucket === config.hotBucket) {
    throw new ConfigError(["MODELS_HOT_BUCKET: must differ from MODELS_COLD_BUCKET (the hot copy would overwrite the source of truth)"]);
  }
  return config;
}
