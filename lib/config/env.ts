import { z } from "zod";
import { sessionSecretProblem } from "./session-secret";

/**
 * Every environment variable Strata reads, validated once. Defaults point at the local stack started by
 * `./strata up`, so a developer needs no .env; production overrides them. `.env.example` mirrors this file.
 */

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

const duration = z.coerce.number().int().positive();

const basePath = z
  .string()
  .regex(/^(\/[A-Za-z0-9._~-]+)*$/, "must be empty or start with / and not end with /, e.g. /strata")
  .default("");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  APP_URL: z.url().default("http://localhost:3000"),
  BASE_PATH: basePath,
  SESSION_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (e.g. `openssl rand -base64 48`)")
    .default("dev-only-session-secret-change-me-0123456789"),
  SESSION_MAX_AGE_SECONDS: duration.default(8 * 3600),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .default("postgresql://strata:strata@127.0.0.1:5432/strata"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),

  S3_ENDPOINT: z.url().default("http://127.0.0.1:8333"),
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).default("strata"),
  S3_SECRET_ACCESS_KEY: z.string().min(1).default("strata-dev-secret"),
  S3_FORCE_PATH_STYLE: bool.default(true),
  // SeaweedFS's filer, read for the buckets' disk types (lib/s3/placement.ts); empty for other stores.
  SEAWEEDFS_FILER_URL: z.union([z.literal(""), z.url()]).default("http://127.0.0.1:8888"),
  // Storage tiers (lib/s3/tiers.ts): the hot (SSD) and cold (HDD) tiers may each be their own S3 endpoint
  // with their own credentials; unset, a tier is the store above.
  S3_HOT_ENDPOINT: z.url().optional(),
  S3_HOT_PUBLIC_ENDPOINT: z.url().optional(),
  S3_HOT_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_HOT_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_COLD_ENDPOINT: z.url().optional(),
  S3_COLD_PUBLIC_ENDPOINT: z.url().optional(),
  S3_COLD_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_COLD_SECRET_ACCESS_KEY: z.string().min(1).optional(),

  QDRANT_URL: z.url().default("http://127.0.0.1:6333"),
  QDRANT_API_KEY: z.string().min(1).optional(),

  OIDC_ISSUER: z.url().default("http://localhost:8080/realms/strata"),
  // Where the console itself reaches Keycloak when that is not the issuer's public origin (a cluster Service
  // rather than a hairpin through the ingress): an origin only, the issuer's path is kept (lib/auth/keycloak-fetch.ts).
  OIDC_INTERNAL_URL: z
    .url({ protocol: /^https?$/ })
    .refine((value) => {
      const url = new URL(value);
      return url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    }, "must be an origin only, e.g. http://keycloak.auth.svc:8080 (the issuer's path is kept)")
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).default("strata-console"),
  OIDC_CLIENT_SECRET: z.string().min(1).default("strata-console-dev-secret"),
  OIDC_SCOPES: z.string().default("openid profile email"),
  API_AUDIENCE: z.string().min(1).default("strata-api"),
  API_SERVICE_CLIENTS: list.default(["strata-service"]),

  JOBS_HEALTH_PROBE_CRON: z.string().min(1).default("*/1 * * * *"),
  HEALTH_SAMPLE_RETENTION_DAYS: duration.default(7),
  METRICS_TOKEN: z.string().min(16).optional(),

  DEFAULT_BUCKETS: list.default([
    "model-artifacts",
    "cold-models",
    "datasets",
    "rag-documents",
    "generated-outputs",
    "hot-outputs",
    "user-data",
    "backups",
    "mlflow",
  ]),

  // Files: what the server checks before it signs an upload URL, and how long the URLs it hands out live.
  FILES_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).max(5 * 1024 ** 4, "S3 objects end at 5 TiB").default(50 * 1024 ** 3),
  FILES_MULTIPART_THRESHOLD_BYTES: z.coerce.number().int().min(5 * 1024 ** 2, "S3 parts start at 5 MiB").default(64 * 1024 ** 2),
  FILES_MULTIPART_PART_BYTES: z.coerce
    .number()
    .int()
    .min(5 * 1024 ** 2, "S3 parts start at 5 MiB")
    .max(5 * 1024 ** 3, "S3 parts end at 5 GiB")
    .default(16 * 1024 ** 2),
  FILES_UPLOAD_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
  FILES_ALLOWED_CONTENT_TYPES: list.default([]),
  FILES_ALLOWED_EXTENSIONS: list.default([]),
  FILES_UPLOAD_URL_EXPIRY_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(900),
  FILES_DOWNLOAD_URL_EXPIRY_SECONDS: z.coerce.number().int().min(10).max(7 * 86_400).default(300),
  FILES_SHARE_LINK_MAX_DAYS: z.coerce.number().int().min(1).max(7, "share links live at most 7 days").default(7),
  FILES_INCOMPLETE_UPLOAD_MAX_AGE_HOURS: duration.default(48),
  FILES_ABORT_STALE_UPLOADS_CRON: z.string().min(1).default("41 * * * *"),
  FILES_USAGE_CRON: z.string().min(1).default("*/30 * * * *"),
  FILES_BUCKET_CORS: bool.default(true),
  FILES_TEMP_BUCKET: z.string().min(3).max(63).default("strata-temp"),

  // Contexts: the three tiers' lifetimes, what the API accepts, and the archive/purge jobs (docs/contexts.md).
  CONTEXTS_HOT_TTL_SECONDS: duration.default(24 * 3600),
  CONTEXTS_RECACHE_TTL_SECONDS: duration.default(3600),
  CONTEXTS_WARM_DAYS: duration.default(30),
  CONTEXTS_COLD_DAYS: duration.default(365),
  CONTEXTS_PURGE_EXPORT: bool.default(true),
  CONTEXTS_EXPORT_BUCKET: z.string().min(3).default("backups"),
  CONTEXTS_ARCHIVE_BATCH: z.coerce.number().int().min(1).max(50_000).default(5_000),
  CONTEXTS_PURGE_BATCH: z.coerce.number().int().min(1).max(10_000).default(1_000),
  CONTEXTS_ARCHIVE_CRON: z.string().min(1).default("23 * * * *"),
  CONTEXTS_PURGE_CRON: z.string().min(1).default("43 3 * * *"),
  CONTEXTS_MAX_MESSAGES: z.coerce.number().int().min(1).max(100_000).default(5_000),
  CONTEXTS_REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),

  // Generated outputs: the two tiers' buckets, what an upload may be, and the policy jobs (docs/outputs.md).
  OUTPUTS_HOT_BUCKET: z.string().min(3).default("hot-outputs"),
  OUTPUTS_COLD_BUCKET: z.string().min(3).default("generated-outputs"),
  OUTPUTS_MAX_BYTES: z.coerce.number().int().min(1).max(5 * 1024 ** 3, "one presigned PUT ends at 5 GiB").default(512 * 1024 ** 2),
  OUTPUTS_HOT_DAYS: duration.default(7),
  OUTPUTS_REPROMOTE_ACCESSES: z.coerce.number().int().min(1).max(1_000_000).default(5),
  OUTPUTS_BATCH: z.coerce.number().int().min(1).max(10_000).default(1_000),
  OUTPUTS_COPY_CRON: z.string().min(1).default("*/1 * * * *"),
  OUTPUTS_DEMOTE_CRON: z.string().min(1).default("17 * * * *"),
  OUTPUTS_REPROMOTE_CRON: z.string().min(1).default("*/5 * * * *"),

  // Model tiers (docs/models.md): where models live, how big the hot tier is, when models leave it, how they are copied.
  MODELS_COLD_BUCKET: z.string().min(3).default("cold-models"),
  MODELS_HOT_BUCKET: z.string().min(3).default("model-artifacts"),
  MODELS_HOT_CAPACITY_BYTES: z.coerce.number().int().min(1).default(200 * 1024 ** 3),
  MODELS_HOT_HIGH_WATERMARK_PERCENT: z.coerce.number().int().min(1).max(100).default(90),
  MODELS_HOT_LOW_WATERMARK_PERCENT: z.coerce.number().int().min(0).max(100).default(75),
  MODELS_HOT_MAX_IDLE_DAYS: duration.default(30),
  MODELS_IN_USE_WINDOW_MINUTES: duration.default(60),
  MODELS_COPY_MULTIPART_ABOVE_BYTES: z.coerce.number().int().min(5 * 1024 ** 2).max(5 * 1024 ** 3, "one CopyObject copies at most 5 GiB").default(5 * 1024 ** 3),
  MODELS_COPY_PART_BYTES: z.coerce
    .number()
    .int()
    .min(5 * 1024 ** 2, "S3 parts start at 5 MiB")
    .max(5 * 1024 ** 3, "S3 parts end at 5 GiB")
    .default(512 * 1024 ** 2),
  MODELS_COPY_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  MODELS_PRESIGN_EXPIRY_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(3600),
  MODELS_IDLE_DEMOTION_CRON: z.string().min(1).default("17 3 * * *"),
  MODELS_LRU_EVICTION_CRON: z.string().min(1).default("*/10 * * * *"),
  MODELS_SCAN_CRON: z.string().min(1).default("37 * * * *"),

  // Embeddings (docs/embeddings.md): where the built-in model is installed and how it runs; the remote providers.
  EMBEDDINGS_MODELS_DIR: z.string().min(1).optional(),
  EMBEDDINGS_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(64).default(4),
  EMBEDDINGS_WORKERS: z.coerce.number().int().min(0).max(16).default(2),
  EMBEDDINGS_OPENAI_URL: z.url().default("http://127.0.0.1:8000/v1"),
  EMBEDDINGS_OPENAI_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_OLLAMA_URL: z.url().default("http://127.0.0.1:11434"),
  EMBEDDINGS_OLLAMA_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),

  // Search: what a sync reads, and how often the search-sync job looks for queued and scheduled work (docs/search.md).
  SEARCH_MAX_FILE_BYTES: z.coerce.number().int().min(1024).max(1024 ** 3).default(64 * 1024 ** 2),
  SEARCH_SYNC_CRON: z.string().min(1).default("* * * * *"),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`);
    this.name = "ConfigError";
  }
}

/** Parses an environment; throws a ConfigError naming each bad variable (never echoing its value, which may be a secret). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  const secretProblem = sessionSecretProblem(result.data);
  if (secretProblem) throw new ConfigError([secretProblem]);
  return result.data;
}

let cached: Env | undefined;

/** The validated environment of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
