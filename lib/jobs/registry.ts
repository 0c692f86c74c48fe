import { sessionCleanupJob } from "@/lib/auth/session-cleanup-job";
import { contextsArchiveJob, contextsPurgeJob } from "@/lib/contexts/jobs";
import { bucketUsageJob } from "@/lib/files/bucket-usage";
import { defaultBucketsJob } from "@/lib/files/default-buckets-job";
import { operationsJob } from "@/lib/files/operations-job";
import { staleUploadsJob } from "@/lib/files/stale-uploads";
import { healthProbeJob } from "@/lib/health/probe-job";
import { modelsJobs } from "@/lib/models/jobs";
import { outputsCopyJob, outputsDemoteJob, outputsRepromoteJob, outputsSweepJob } from "@/lib/outputs/jobs";
import { searchSyncJob } from "@/lib/search/job";
import type { JobDefinition } from "./definition";

/** Every background job Strata has. A capability adds its jobs here; the worker and the admin page read this list. */
export const jobs: JobDefinition[] = [healthProbeJob, sessionCleanupJob, defaultBucketsJob, bucketUsageJob, staleUploadsJob, operationsJob, contextsArchiveJob, contextsPurgeJob, outputsCopyJob, outputsDemoteJob, outputsRepromoteJob, outputsSweepJob, searchSyncJob, ...modelsJobs];

export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((j) => j.name === name);
}
