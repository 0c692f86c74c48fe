import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { defineJob } from "@/lib/jobs/definition";
import { enqueueJob } from "@/lib/jobs/queue";
import { s3 } from "@/lib/s3/client";
import { walkObjects } from "./walk-objects";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";

/**
 * Counts a bucket's objects and bytes by listing all of it (S3 offers no cheaper way), then stores the
 * figures in one write: a run killed half-way leaves the previous figures in place, and a rerun recounts.
 */
export async function computeBucketUsage(bucket: string): Promise<{ objects: number; bytes: number }> {
  const started = Date.now();
  let objects = 0;
  let bytes = 0;
  for await (const page of walkObjects(bucket, "")) {
    objects += page.length;
    for (const o of page) bytes += o.size;
  }
  const data = { objects: BigInt(objects), bytes: BigInt(bytes), computedAt: new Date(), durationMs: Date.now() - started };
  await db().bucketUsage.upsert({ where: { bucket }, create: { bucket, ...data }, update: data });
  return { objects, bytes };
}

export const bucketUsageJob = defineJob({
  name: "files-bucket-usage",
  title: "Bucket usage",
  description: "Counts the objects and bytes of every bucket for the Files page (figures are shown with their age).",
  schedule: () => env().FILES_USAGE_CRON,
  async run({ progress, log }) {
    const names = ((await s3().send(new ListBucketsCommand({}))).Buckets ?? []).flatMap((b) => (b.Name ? [b.Name] : []));
    let objects = 0;
    let failed = 0;
    for (const [index, name] of names.entries()) {
      try {
        objects += (await computeBucketUsage(name)).objects;
      } catch (error) {
        failed += 1;
        log.warn({ bucket: name, err: error }, "could not count a bucket");
      }
      await progress({ buckets: index + 1, objects });
    }
    const removed = await db().bucketUsage.deleteMany({ where: { bucket: { notIn: names } } });
    return { buckets: names.length, objects, failed, removed: removed.count };
  },
});

/** Asks the worker to recount now (the figures otherwise refresh on FILES_USAGE_CRON). */
export async function requestUsageRefresh(caller: Caller): Promise<{ queuedId: string }> {
  return mutate(caller, { role: "admin", action: "jobs.run", target: `job:${bucketUsageJob.name}` }, async () => ({
    queuedId: await enqueueJob(bucketUsageJob, caller.actor.username),
  }));
}
