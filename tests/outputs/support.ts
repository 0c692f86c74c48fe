import { DeleteObjectsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { Caller } from "@/lib/auth/caller";
import type { Principal, Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { ensureDefaultBuckets } from "@/lib/files/buckets";
import { logger } from "@/lib/log/logger";
import { outputsConfig, type OutputsConfig } from "@/lib/outputs/config";
import type { OutputDeps } from "@/lib/outputs/deps";
import { tierStore } from "@/lib/s3/tiers";

/** Outputs tests run under their own users, so they never see another run's rows or objects. */

export function person(id: string, role: Role = "viewer"): Caller {
  const actor: Principal = { id, username: id, name: id, roles: [role], kind: "user" };
  return { actor, origin: { ip: "203.0.113.9", userAgent: "vitest" } };
}

export function service(role: Role = "editor"): Caller {
  const actor: Principal = { id: "service-test", username: "service-test", name: "test service", roles: [role], kind: "service" };
  return { actor, origin: { ip: "203.0.113.10", userAgent: "vitest" } };
}

/**
 * The configured hot and cold buckets (created if missing), so the tests also cover their placement on the
 * store's ssd and hdd disks; every test works under user ids unique to the run, and `drop()` deletes what is
 * left under them in both buckets.
 */
export async function testTiers(overrides: Partial<OutputsConfig> = {}): Promise<{ deps: OutputDeps; drop(users: string[]): Promise<void> }> {
  await ensureDefaultBuckets();
  const config = outputsConfig(overrides);
  const deps: OutputDeps = {
    db: db(),
    tiers: { hot: { store: tierStore("hot"), bucket: config.hotBucket }, cold: { store: tierStore("cold"), bucket: config.coldBucket } },
    config,
    log: logger().child({ test: "outputs" }),
  };
  return {
    deps,
    async drop(users) {
      for (const tier of [deps.tiers.hot, deps.tiers.cold]) {
        for (const user of users) {
          const keys = await listKeys(tier, `${user}/`);
          if (keys.length > 0) await tier.store.client.send(new DeleteObjectsCommand({ Bucket: tier.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
        }
      }
    },
  };
}

/** Every key under `prefix`, folder entries included: a store that lists emptied folders shows them here. */
export async function listKeys(tier: OutputDeps["tiers"]["hot"], prefix: string): Promise<string[]> {
  const out = await tier.store.client.send(new ListObjectsV2Command({ Bucket: tier.bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

/** What a file browser shows directly under `prefix` (objects and folders). */
export async function listLevel(tier: OutputDeps["tiers"]["hot"], prefix: string): Promise<string[]> {
  const out = await tier.store.client.send(new ListObjectsV2Command({ Bucket: tier.bucket, Prefix: prefix, Delimiter: "/" }));
  return [...(out.Contents ?? []).map((o) => o.Key!), ...(out.CommonPrefixes ?? []).map((p) => p.Prefix!)];
}

/** PUTs the bytes to a presigned upload URL exactly as a service would. */
export async function upload(url: string, headers: Record<string, string>, body: Buffer): Promise<void> {
  const response = await fetch(url, { method: "PUT", headers, body: new Uint8Array(body) });
  if (!response.ok) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
}

export const DAY_MS = 86_400_000;
