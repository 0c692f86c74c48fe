import { listBuckets } from "@/lib/files/buckets";
import { logger } from "@/lib/log/logger";
import type { CollectionRecord } from "./collections";

/** Bucket names to suggest in the collection form; the form still works (typing a name) when S3 is down. */
export async function bucketNamesForForm(): Promise<string[]> {
  try {
    return (await listBuckets()).map((b) => b.name);
  } catch (error) {
    logger().warn({ err: error }, "could not list buckets for the collection form");
    return [];
  }
}

/** A stored collection as the edit form's values. */
export function formValuesOf(c: CollectionRecord) {
  return {
    name: c.name,
    description: c.description,
    sources: c.sources.map((s) => ({ bucket: s.bucket, prefix: s.prefix, include: s.include.join(", "), exclude: s.exclude.join(", ") })),
    provider: c.model.provider,
    model: c.model.model,
    strategy: c.chunking.strategy,
    size: c.chunking.size,
    overlap: c.chunking.overlap,
    schedule: c.schedule ?? "",
  };
}
