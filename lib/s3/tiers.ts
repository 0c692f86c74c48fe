import { S3Client } from "@aws-sdk/client-s3";
import { guardBucketNames } from "./bucket-guard";
import { env, type Env } from "@/lib/config/env";
import { s3, s3ForPresigning } from "./client";

/**
 * The storage tiers model artifacts and generated outputs live on. The hot tier (SSD) and the cold tier
 * (HDD) may each be their own S3 endpoint with their own credentials (`S3_HOT_*`, `S3_COLD_*`); a tier
 * that sets none of them is the main store (`lib/s3/client.ts`), so one store with an `ssd` and an `hdd`
 * bucket works out of the box.
 */

export type TierName = "hot" | "cold";

export type TierStoreConfig = {
  endpoint: string;
  /** The address browsers reach, when it differs from `endpoint` (ingress). */
  publicEndpoint?: string | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  forcePathStyle: boolean;
};

export type TierStore = {
  tier: TierName;
  /** Where the server talks to this tier, and with which key: two tiers with the same one share a store. */
  endpoint: string;
  accessKeyId: string;
  /** For the server's own calls. */
  client: S3Client;
  /** For presigning URLs handed to browsers and services. */
  presigner: S3Client;
};

function createClient(config: TierStoreConfig, endpoint: string): S3Client {
  return guardBucketNames(new S3Client({
    endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // As in lib/s3/client.ts: checksums only where an operation requires them (stores and presigned URLs differ).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  }));
}

/** A tier store of its own clients, for a given endpoint and key (tests and the benchmark build these directly). */
export function createTierStore(tier: TierName, config: TierStoreConfig): TierStore {
  const client = createClient(config, config.endpoint);
  const publicEndpoint = config.publicEndpoint;
  const presigner = publicEndpoint && publicEndpoint !== config.endpoint ? createClient(config, publicEndpoint) : client;
  return { tier, endpoint: config.endpoint, accessKeyId: config.accessKeyId, client, presigner };
}

/** The tier's own store from the environment, or null when it is the main store. */
export function tierStoreConfig(tier: TierName, e: Env = env()): TierStoreConfig | null {
  const own =
    tier === "hot"
      ? { endpoint: e.S3_HOT_ENDPOINT, publicEndpoint: e.S3_HOT_PUBLIC_ENDPOINT, accessKeyId: e.S3_HOT_ACCESS_KEY_ID, secret: e.S3_HOT_SECRET_ACCESS_KEY }
      : { endpoint: e.S3_COLD_ENDPOINT, publicEndpoint: e.S3_COLD_PUBLIC_ENDPOINT, accessKeyId: e.S3_COLD_ACCESS_KEY_ID, secret: e.S3_COLD_SECRET_ACCESS_KEY };
  if (!own.endpoint && !own.accessKeyId && !own.secret && !own.publicEndpoint) return null;
  const endpoint = own.endpoint ?? e.S3_ENDPOINT;
  return {
    endpoint,
    // A tier on the main endpoint is reached by browsers where the main store is.
    publicEndpoint: own.publicEndpoint ?? (own.endpoint ? undefined : e.S3_PUBLIC_ENDPOINT),
    accessKeyId: own.accessKeyId ?? e.S3_ACCESS_KEY_ID,
    secretAccessKey: own.secret ?? e.S3_SECRET_ACCESS_KEY,
    region: e.S3_REGION,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  };
}

const holder = globalThis as unknown as { strataTierStores?: Partial<Record<TierName, TierStore>> };

/** The store of a tier, from the environment; one set of clients per process. */
export function tierStore(tier: TierName): TierStore {
  holder.strataTierStores ??= {};
  const existing = holder.strataTierStores[tier];
  if (existing) return existing;
  const config = tierStoreConfig(tier);
  const e = env();
  const store = config
    ? createTierStore(tier, config)
    : { tier, endpoint: e.S3_ENDPOINT, accessKeyId: e.S3_ACCESS_KEY_ID, client: s3(), presigner: s3ForPresigning() };
  holder.strataTierStores[tier] = store;
  return store;
}

/**
 * Whether a server-side copy (CopyObject / UploadPartCopy) can go from one tier to the other: only inside
 * one store, with a key that reads the source. Otherwise the bytes must be streamed through Strata.
 */
export function sameStore(a: Pick<TierStore, "endpoint" | "accessKeyId">, b: Pick<TierStore, "endpoint" | "accessKeyId">): boolean {
  return normalise(a.endpoint) === normalise(b.endpoint) && a.accessKeyId === b.accessKeyId;
}

function normalise(endpoint: string): string {
  return endpoint.replace(/\/+$/, "").toLowerCase();
}
