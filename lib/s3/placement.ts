import { z } from "zod";
import { env } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";

/**
 * Which disk type (ssd, hdd, or another tag) a store puts each bucket on, where the store says. S3 has no
 * API for it; SeaweedFS keeps its placement rules in the filer's /etc/seaweedfs/filer.conf (one
 * `locationPrefix` per bucket, /buckets/<name>/), readable over the filer's HTTP port. Other stores, or a
 * filer that does not answer, give an empty map: the bucket list then simply shows no disk type.
 */
const filerConf = z.object({
  locations: z.array(z.object({ locationPrefix: z.string(), diskType: z.string().optional() })).default([]),
});

const TIMEOUT_MS = 2_000;

/** Bucket name → disk type, from `/buckets/<name>/` rules; a pure parse of filer.conf's JSON. */
export function diskTypesFromFilerConf(conf: unknown): Map<string, string> {
  const parsed = filerConf.safeParse(conf);
  const out = new Map<string, string>();
  if (!parsed.success) return out;
  for (const { locationPrefix, diskType } of parsed.data.locations) {
    const bucket = /^\/buckets\/([^/]+)\/?$/.exec(locationPrefix)?.[1];
    if (bucket && diskType) out.set(bucket, diskType);
  }
  return out;
}

export async function bucketDiskTypes(): Promise<Map<string, string>> {
  const filer = env().SEAWEEDFS_FILER_URL;
  if (!filer) return new Map();
  try {
    const response = await fetch(new URL("/etc/seaweedfs/filer.conf", filer), {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: "no-store",
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return diskTypesFromFilerConf(await response.json());
  } catch (error) {
    logger().warn({ err: error instanceof Error ? error.message : String(error) }, "bucket disk types: the SeaweedFS filer did not answer");
    return new Map();
  }
}
