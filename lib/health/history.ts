import { db } from "@/lib/db/client";

export type ServiceHistory = {
  service: string;
  samples: number;
  okRatio: number;
  p95LatencyMs: number | null;
  lastError: string | null;
  lastErrorAt: string | null;
  recent: { at: string; ok: boolean; latencyMs: number }[];
};

/** What the probe job recorded over the window: availability, latency and the latest failure per service. */
export async function healthHistory(windowHours = 24, recentCount = 60): Promise<ServiceHistory[]> {
  const since = new Date(Date.now() - windowHours * 3_600_000);
  const summary = await db().$queryRaw<
    { service: string; samples: bigint; ok_samples: bigint; p95: number | null; last_error: string | null; last_error_at: Date | null }[]
  >`
    SELECT service,
           count(*) AS samples,
           count(*) FILTER (WHERE ok) AS ok_samples,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS p95,
           (array_agg(error ORDER BY at DESC) FILTER (WHERE NOT ok))[1] AS last_error,
           max(at) FILTER (WHERE NOT ok) AS last_error_at
      FROM health_samples
     WHERE at >= ${since}
     GROUP BY service
     ORDER BY service`;
  const recent = await db().$queryRaw<{ service: string; at: Date; ok: boolean; latency_ms: number }[]>`
    SELECT service, at, ok, latency_ms FROM (
      SELECT service, at, ok, latency_ms, row_number() OVER (PARTITION BY service ORDER BY at DESC) AS n
        FROM health_samples WHERE at >= ${since}
    ) ranked WHERE n <= ${recentCount} ORDER BY service, at`;
  return summary.map((row) => ({
    service: row.service,
    samples: Number(row.samples),
    okRatio: Number(row.samples) === 0 ? 0 : Number(row.ok_samples) / Number(row.samples),
    p95LatencyMs: row.p95 === null ? null : Math.round(row.p95 * 10) / 10,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at?.toISOString() ?? null,
    recent: recent.filter((r) => r.service === row.service).map((r) => ({ at: r.at.toISOString(), ok: r.ok, latencyMs: r.latency_ms })),
  }));
}
