import type { LifecycleRule } from "./lifecycle";

/**
 * A lifecycle preset per default bucket, following the platform's bucket layouts
 * (`model-artifacts/{type}/{version}/…`, `logs/{service}/{date}/{hour}/…`, `user-data/{user}/{upload}/…`,
 * `backups/…`): what is disposable expires, what is kept never does, and every bucket aborts multipart
 * uploads nobody finished. An admin sees the rules on the bucket's settings page and applies them with one click.
 */

const abortAfter = (days: number): LifecycleRule => ({
  id: `abort-incomplete-uploads-${days}d`,
  prefix: "",
  enabled: true,
  expirationDays: null,
  abortIncompleteDays: days,
  transition: null,
});

const expire = (id: string, prefix: string, days: number): LifecycleRule => ({
  id,
  prefix,
  enabled: true,
  expirationDays: days,
  abortIncompleteDays: null,
  transition: null,
});

export type LifecyclePreset = { summary: string; rules: LifecycleRule[] };

const presets: Record<string, LifecyclePreset> = {
  logs: { summary: "Logs are kept 30 days.", rules: [expire("logs-30d", "", 30), abortAfter(1)] },
  temp: { summary: "Temporary data expires after 1 day.", rules: [expire("temp-1d", "", 1), abortAfter(1)] },
  "strata-temp": { summary: "Zips built for download expire after 1 day.", rules: [expire("zips-1d", "zips/", 1), abortAfter(1)] },
  "user-data": { summary: "Users' files are kept; uploads nobody finished are aborted after 2 days.", rules: [abortAfter(2)] },
  backups: { summary: "Backups are kept 90 days; unfinished uploads are aborted after 1 day.", rules: [expire("backups-90d", "", 90), abortAfter(1)] },
  mlflow: { summary: "Run logs under logs/ are kept 30 days; artifacts are kept.", rules: [expire("logs-30d", "logs/", 30), abortAfter(7)] },
  "generated-outputs": { summary: "Outputs are kept (their hot/cold tiers are Strata's jobs); unfinished uploads are aborted after 1 day.", rules: [abortAfter(1)] },
  "model-artifacts": { summary: "Artifacts are kept; unfinished uploads are aborted after 7 days.", rules: [abortAfter(7)] },
  "cold-models": { summary: "Models are kept; unfinished uploads are aborted after 7 days.", rules: [abortAfter(7)] },
  datasets: { summary: "Datasets are kept; unfinished uploads are aborted after 7 days.", rules: [abortAfter(7)] },
  "rag-documents": { summary: "Documents are kept; unfinished uploads are aborted after 7 days.", rules: [abortAfter(7)] },
};

/** The preset for a bucket, or a conservative default (abort unfinished uploads after 7 days) for any other. */
export function lifecyclePreset(bucket: string): LifecyclePreset {
  return presets[bucket] ?? { summary: "Nothing expires; unfinished uploads are aborted after 7 days.", rules: [abortAfter(7)] };
}
