import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { defineJob } from "@/lib/jobs/definition";
import { checkReadiness } from "./checks";

/** Samples every dependency's health into `health_samples`, so the admin page can show history, and prunes old samples. */
export const healthProbeJob = defineJob({
  name: "health-probe",
  title: "Dependency health probe",
  description: "Checks PostgreSQL, Redis, S3, the vector engine and Keycloak, and keeps the history.",
  schedule: () => env().JOBS_HEALTH_PROBE_CRON,
  async run() {
    const readiness = await checkReadiness();
    const samples = Object.entries(readiness.checks).map(([service, check]) => ({
      service,
      ok: check.ok,
      latencyMs: check.latencyMs,
      error: check.error ?? null,
    }));
    await db().healthSample.createMany({ data: samples });
    const cutoff = new Date(Date.now() - env().HEALTH_SAMPLE_RETENTION_DAYS * 86_400_000);
    const pruned = await db().healthSample.deleteMany({ where: { at: { lt: cutoff } } });
    return {
      checked: samples.length,
      failing: samples.filter((s) => !s.ok).length,
      pruned: pruned.count,
    };
  },
});
