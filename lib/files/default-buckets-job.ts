import { defineJob } from "@/lib/jobs/definition";
import { ensureDefaultBuckets } from "./buckets";

/** Creates the configured default buckets that are missing (and reapplies their CORS rule). Idempotent. */
export const defaultBucketsJob = defineJob({
  name: "files-default-buckets",
  title: "Default buckets",
  description: "Makes sure every bucket in DEFAULT_BUCKETS exists, with the console's CORS rule.",
  schedule: () => "*/10 * * * *",
  runAtStart: true,
  async run() {
    const { created, existing } = await ensureDefaultBuckets();
    return { created: created.length, existing: existing.length };
  },
});
