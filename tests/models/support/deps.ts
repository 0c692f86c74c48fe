import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { Principal, Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import type { Caller } from "@/lib/auth/caller";
import { logger } from "@/lib/log/logger";
import { modelsConfig, type ModelsConfig } from "@/lib/models/config";
import type { ModelDeps } from "@/lib/models/deps";
import { modelsPool } from "@/lib/models/pool";
import { deleteTierPrefix } from "@/lib/models/tier-objects";
import { tierStore } from "@/lib/s3/tiers";

export const MiB = 1024 ** 2;

export function caller(role: Role, id = `test-models-${role}`): Caller {
  const actor: Principal = { id, username: id, name: `Test ${role}`, roles: [role], kind: "service" };
  return { actor, origin: { ip: "203.0.113.9", userAgent: "vitest" } };
}

/**
 * Each test file works in the configured cold and hot buckets (on the local stack they sit on hdd- and
 * ssd-tagged volumes; a bucket without such a rule has no volumes there), under a type segment of its own
 * (`t<run>/…`), and starts from a clean registry: the registry tables belong to the models tests alone, and
 * the policies are defined over the whole hot tier (capacity is global), so a file must not count around
 * rows an earlier, interrupted run left.
 */
export async function modelsTestBed(label: string, overrides: Partial<ModelsConfig> = {}) {
  const run = randomUUID().slice(0, 8);
  const type = `t${run}`;
  const hot = tierStore("hot");
  const cold = tierStore("cold");
  const { coldBucket, hotBucket } = modelsConfig();
  for (const [store, bucket] of [[cold, coldBucket], [hot, hotBucket]] as const) {
    await store.client.send(new HeadBucketCommand({ Bucket: bucket })).catch(() => store.client.send(new CreateBucketCommand({ Bucket: bucket })));
  }
  await db().$executeRaw`TRUNCATE models, model_files, model_moves, model_move_files, model_move_parts, model_tier_samples`;
  const config = modelsConfig(overrides);
  const deps = (more: Partial<ModelDeps> = {}): ModelDeps => ({
    db: db(),
    sql: modelsPool(),
    hot,
    cold,
    config,
    clock: () => new Date(),
    log: logger().child({ test: label }),
    // The tests run the move runner themselves; nothing is queued for a worker.
    wake: async () => undefined,
    ...more,
  });
  return {
    run,
    /** The first key segment of every model of this file. */
    type,
    coldBucket,
    hotBucket,
    config,
    deps,
    async putCold(key: string, body: Uint8Array | string) {
      await cold.client.send(new PutObjectCommand({ Bucket: coldBucket, Key: key, Body: body }));
    },
    /** A file of `size` random bytes, streamed in 8 MiB multipart parts (never whole in memory). */
    async putColdRandom(key: string, size: number) {
      const chunk = 1 * MiB;
      let left = size;
      const body = Readable.from(
        (function* () {
          while (left > 0) {
            const n = Math.min(chunk, left);
            left -= n;
            yield randomBytes(n);
          }
        })(),
      );
      await new Upload({ client: cold.client, params: { Bucket: coldBucket, Key: key, Body: body }, partSize: 8 * MiB, queueSize: 2 }).done();
    },
    async cleanup() {
      await deleteTierPrefix(hot, hotBucket, `${type}/`);
      await deleteTierPrefix(cold, coldBucket, `${type}/`);
      await db().$executeRaw`TRUNCATE models, model_files, model_moves, model_move_files, model_move_parts, model_tier_samples`;
    },
  };
}

export const later = (days: number, from = new Date()) => () => new Date(from.getTime() + days * 86_400_000);
