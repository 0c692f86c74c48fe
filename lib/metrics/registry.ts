import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { db } from "@/lib/db/client";

/**
 * Prometheus metrics. Request metrics are per process (every replica is scraped); job and dependency
 * metrics are read from PostgreSQL at scrape time, because the worker is another process and any replica
 * should report the same truth about it.
 */

type Metrics = {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  latency: Histogram<"method" | "route">;
};

const holder = globalThis as unknown as { strataMetrics?: Metrics };

export function metrics(): Metrics {
  if (holder.strataMetrics) return holder.strataMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "strata_" });
  const requests = new Counter({
    name: "strata_http_requests_total",
    help: "HTTP requests answered by Strata's route handlers",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "strata_http_request_duration_seconds",
    help: "Time to answer HTTP requests in Strata's route handlers",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: "strata_job_runs_24h",
    help: "Job runs started in the last 24 hours, by job and status",
    labelNames: ["job", "status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db().jobRun.groupBy({
        by: ["job", "status"],
        where: { startedAt: { gte: new Date(Date.now() - 86_400_000) } },
        _count: { _all: true },
      });
      for (const row of rows) this.set({ job: row.job, status: row.status }, row._count._all);
    },
  });
  new Gauge({
    name: "strata_job_last_success_timestamp_seconds",
    help: "When each job last finished successfully (Unix time)",
    labelNames: ["job"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db().jobRun.groupBy({ by: ["job"], where: { status: "succeeded" }, _max: { finishedAt: true } });
      for (const row of rows) if (row._max.finishedAt) this.set({ job: row.job }, row._max.finishedAt.getTime() / 1000);
    },
  });
  new Gauge({
    name: "strata_dependency_up",
    help: "Whether each dependency answered the latest health probe (1) or not (0)",
    labelNames: ["service"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db().$queryRaw<{ service: string; ok: boolean }[]>`
        SELECT DISTINCT ON (service) service, ok FROM health_samples ORDER BY service, at DESC`;
      for (const row of rows) this.set({ service: row.service }, row.ok ? 1 : 0);
    },
  });
  holder.strataMetrics = { registry, requests, latency };
  return holder.strataMetrics;
}

/** A low-cardinality route label: object keys and ids in paths must not become label values. */
export function routeLabel(pathname: string): string {
  const parts = pathname.split("/").filter(Boolean);
  const keep = parts[0] === "api" ? (parts[1] === "v1" ? 3 : 2) : 1;
  return `/${parts.slice(0, keep).join("/")}`;
}

export function observeRequest(method: string, pathname: string, status: number, startedAt: number): void {
  const m = metrics();
  const route = routeLabel(pathname);
  m.requests.inc({ method, route, status: String(status) });
  m.latency.observe({ method, route }, (performance.now() - startedAt) / 1000);
}
