import { sessionCleanupJob } from "@/lib/auth/session-cleanup-job";
import { healthProbeJob } from "@/lib/health/probe-job";
import type { JobDefinition } from "./definition";

/** Every background job Strata has. A capability adds its jobs here; the worker and the admin page read this list. */
export const jobs: JobDefinition[] = [healthProbeJob, sessionCleanupJob];

export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((j) => j.name === name);
}
