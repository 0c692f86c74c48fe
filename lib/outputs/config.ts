import { env } from "@/lib/config/env";

/** What the outputs registry, API and policy jobs need to know; from the environment, overridable in tests and the benchmark. */
export type OutputsConfig = {
  hotBucket: string;
  coldBucket: string;
  maxBytes: number;
  hotDays: number;
  repromoteAccesses: number;
  batch: number;
  /** A registration whose upload has not arrived after this long is forgotten by the copy job. */
  pendingHours: number;
  uploadUrlSeconds: number;
  downloadUrlSeconds: number;
};

export function outputsConfig(overrides: Partial<OutputsConfig> = {}): OutputsConfig {
  const e = env();
  return {
    hotBucket: e.OUTPUTS_HOT_BUCKET,
    coldBucket: e.OUTPUTS_COLD_BUCKET,
    maxBytes: e.OUTPUTS_MAX_BYTES,
    hotDays: e.OUTPUTS_HOT_DAYS,
    repromoteAccesses: e.OUTPUTS_REPROMOTE_ACCESSES,
    batch: e.OUTPUTS_BATCH,
    // Far beyond the upload URL's life (FILES_UPLOAD_URL_EXPIRY_SECONDS, at most 7 days): an upload started
    // just before the URL expired has long finished.
    pendingHours: Math.max(24, Math.ceil(e.FILES_UPLOAD_URL_EXPIRY_SECONDS / 3600) + 1),
    uploadUrlSeconds: e.FILES_UPLOAD_URL_EXPIRY_SECONDS,
    downloadUrlSeconds: e.FILES_DOWNLOAD_URL_EXPIRY_SECONDS,
    ...overrides,
  };
}
