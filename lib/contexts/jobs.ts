import { env } from "@/lib/config/env";
import { defineJob } from "@/lib/jobs/definition";
import { s3 } from "@/lib/s3/client";
import { archiveContexts } from "./archive";
import { defaultContextDeps } from "./deps";
import { purgeContexts } from "./purge";
import { recordTierSample } from "./stats";
import { contextStore } from "./store";

export const contextsArchiveJob = defineJob({
  name: "contexts-archive",
  title: "Archive idle contexts",
  description: "Moves contexts idle for CONTEXTS_WARM_DAYS from PostgreSQL's warm table to the archive, in set-based batches, and records tier sizes.",
  schedule: () => env().CONTEXTS_ARCHIVE_CRON,
  async run({ progress }) {
    const deps = defaultContextDeps();
    const result = await archiveContexts(deps, { onBatch: (p) => progress(p) });
    await recordTierSample(deps, contextStore().hot);
    return result;
  },
});

export const contextsPurgeJob = defineJob({
  name: "contexts-purge",
  title: "Purge expired contexts",
  description:
    "Deletes archived contexts idle for CONTEXTS_COLD_DAYS; with CONTEXTS_PURGE_EXPORT, writes each batch to S3 as JSONL.gz before deleting it.",
  schedule: () => env().CONTEXTS_PURGE_CRON,
  async run({ progress }) {
    return purgeContexts({ ...defaultContextDeps(), s3: s3() }, { onBatch: (p) => progress(p) });
  },
});
