import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { OutputDeps, PolicyOptions } from "./deps";
import { deleteFromTier, type OutputTier } from "./tiers";

/**
 * Objects in the outputs buckets that no output records. A presigned PUT stays usable until it expires, so
 * an upload can land after its record is gone: after the output was deleted (a service retrying its
 * upload), after the copy job forgot a registration whose upload never came, or mid-way through deleting a
 * user's outputs. Such an object is nobody's: no listing shows it, no policy moves it, no delete reaches
 * it. This sweep lists both buckets and deletes every output-shaped key (`<user>/<yyyy>/<mm>/<dd>/<id>.<ext>`)
 * whose id has no record with exactly that key, once it is older than `graceMinutes` (so it never races a
 * registration or a delete under way). Keys of any other shape are not Strata's and are left alone
 * (counted as `foreign`).
 */

export type SweepCounts = { listed: number; stray: number; deleted: number; failed: number; foreign: number };

const OUTPUT_KEY = /^[^/]+\/\d{4}\/\d{2}\/\d{2}\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[a-z0-9]+$/;

/** The output id a key names, or null when the key is not an output's. */
export function outputIdOfKey(key: string): string | null {
  return OUTPUT_KEY.exec(key)?.[1] ?? null;
}

async function sweepTier(deps: OutputDeps, tier: OutputTier, prefix: string, before: Date, counts: SweepCounts): Promise<void> {
  let token: string | undefined;
  do {
    const page = await tier.store.client.send(new ListObjectsV2Command({ Bucket: tier.bucket, Prefix: prefix || undefined, ContinuationToken: token }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    const candidates: { key: string; id: string }[] = [];
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith("/")) continue;
      counts.listed += 1;
      const id = outputIdOfKey(o.Key);
      if (!id) counts.foreign += 1;
      else if (o.LastModified && o.LastModified < before) candidates.push({ key: o.Key, id });
    }
    if (candidates.length === 0) continue;
    const recorded = await deps.db.$queryRaw<{ key: string }[]>`
      SELECT key FROM generated_outputs WHERE id = ANY(${candidates.map((c) => c.id)}::uuid[])`;
    const keys = new Set(recorded.map((r) => r.key));
    const stray = candidates.filter((c) => !keys.has(c.key)).map((c) => c.key);
    if (stray.length === 0) continue;
    counts.stray += stray.length;
    const failed = await deleteFromTier(tier, stray);
    counts.deleted += stray.length - failed.size;
    counts.failed += failed.size;
    deps.log.info({ bucket: tier.bucket, deleted: stray.length - failed.size, failed: failed.size, sample: stray.slice(0, 3) }, "deleted output objects no output records");
  } while (token);
}

export async function sweepStrayOutputs(deps: OutputDeps, options: PolicyOptions & { graceMinutes?: number } = {}): Promise<SweepCounts> {
  const now = options.now ?? new Date();
  const before = new Date(now.getTime() - (options.graceMinutes ?? 60) * 60_000);
  const counts: SweepCounts = { listed: 0, stray: 0, deleted: 0, failed: 0, foreign: 0 };
  // Tests and the benchmark scope a run to their users' prefixes; the job sweeps the whole buckets.
  const prefixes = options.users ? options.users.map((u) => `${u}/`) : [""];
  for (const tier of [deps.tiers.hot, deps.tiers.cold]) {
    for (const prefix of prefixes) {
      await sweepTier(deps, tier, prefix, before, counts);
      await options.onBatch?.({ ...counts });
    }
  }
  return counts;
}
