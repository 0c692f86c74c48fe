import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import type { Caller } from "@/lib/auth/caller";
import type { Principal, Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { outputsConfig, type OutputsConfig } from "@/lib/outputs/config";
import type { OutputDeps } from "@/lib/outputs/deps";
import { tierStore } from "@/lib/s3/tiers";

/** Outputs tests run on their own two buckets and their own users, so they never see another run's rows or objects. */

export function person(id: string, role: Role = "viewer"): Caller {
  const actor: Principal = { id, username: id, name: id, roles: [role], kind: "user" };
  return { actor, origin: { ip: "203.0.113.9", userAgent: "vitest" } };
}

export function service(role: Role = "editor"): Caller {
  const actor: Principal = { id: "service-test", username: "service-test", name: "test service", roles: [role], kind: "service" };
  return { actor, origin: { ip: "203.0.113.10", userAgent: "vitest" } };
}

export async function scratchTiers(overrides: Partial<OutputsConfig> = {}): Promise<{ deps: OutputDeps; drop(): Promise<void> }> {
  const run = randomUUID().slice(0, 8);
  const hotBucket = `test-hot-outputs-${run}`;
  const coldBucket = `test-cold-outputs-${run}`;
  const hot = tierStore("hot");
  const cold = tierStore("cold");
  await hot.client.send(new CreateBucketCommand({ Bucket: hotBucket }));
  await cold.client.send(new CreateBucketCommand({ Bucket: coldBucket }));
  const deps: OutputDeps = {
    db: db(),
    tiers: { hot: { store: hot, bucket: hotBucket }, cold: { store: cold, bucket: coldBucket } },
    config: outputsConfig({ hotBucket, coldBucket, ...overrides }),
    log: logger().child({ test: "outputs" }),
  };
  return {
    deps,
    async drop() {
      for (const tier of [deps.tiers.hot, deps.tiers.cold]) {
        const keys = await listKeys(tier, "");
        if (keys.length > 0) await tier.store.client.send(new DeleteObjectsCommand({ Bucket: tier.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
        await tier.store.client.send(new DeleteBucketCommand({ Bucket: tier.bucket })).catch(() => undefined);
      }
    },
  };
}

export async function listKeys(tier: OutputDeps["tiers"]["hot"], prefix: string): Promise<string[]> {
  const out = await tier.store.client.send(new ListObjectsV2Command({ Bucket: tier.bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).filter((k) => !k.endsWith("/"));
}

/** PUTs the bytes to a presigned upload URL exactly as a service would. */
export async function upload(url: string, headers: Record<string, string>, body: Buffer): Promise<void> {
  const response = await fetch(url, { method: "PUT", headers, body: new Uint8Array(body) });
  if (!response.ok) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
}

export const DAY_MS = 86_400_000;
