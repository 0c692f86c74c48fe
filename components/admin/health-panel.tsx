"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatAge } from "@/lib/format/units";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import type { ServiceName } from "@/lib/health/checks";
import type { ServiceHistory } from "@/lib/health/history";
import { healthQueries } from "@/lib/health/queries";

const labels: Record<ServiceName, string> = {
  postgres: "PostgreSQL",
  redis: "Redis",
  s3: "S3 object storage",
  qdrant: "Vector engine (Qdrant API)",
  keycloak: "Keycloak",
};

const REFRESH_MS = 5_000;

export function HealthPanel() {
  const query = useQuery(healthQueries.report(REFRESH_MS));
  if (query.isPending) return <LoadingRows rows={5} label="Checking dependencies" />;
  if (query.isError) return <ErrorState title="Could not load health" error={query.error} onRetry={() => void query.refetch()} />;
  const { readiness, history, checkedAt } = query.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <Badge tone={readiness.status === "ok" ? "good" : "bad"}>
          <span data-testid="overall-status">{readiness.status === "ok" ? "All dependencies answering" : "Degraded"}</span>
        </Badge>
        <span className="text-zinc-500">
          Checked {formatAge(checkedAt)} · refreshes every {REFRESH_MS / 1000} s{query.isFetching ? " · checking…" : ""}
        </span>
      </div>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {(Object.keys(labels) as ServiceName[]).map((name) => {
          const check = readiness.checks[name];
          const past = history.find((h) => h.service === name);
          return (
            <Card
              key={name}
              title={labels[name]}
              actions={
                <Badge tone={check.ok ? "good" : "bad"}>
                  <span data-testid={`check-${name}`}>{check.ok ? "ok" : "down"}</span>
                </Badge>
              }
            >
              <dl className="grid grid-cols-2 gap-y-1 text-sm">
                {check.server ? (
                  <>
                    <dt className="text-zinc-500">Server</dt>
                    <dd className="truncate text-right" data-testid={`server-${name}`} title={check.server}>{check.server}</dd>
                  </>
                ) : null}
                <dt className="text-zinc-500">Latency now</dt>
                <dd className="text-right tabular-nums">{check.latencyMs} ms</dd>
                <dt className="text-zinc-500">Available (24 h)</dt>
                <dd className="text-right tabular-nums">{past ? `${(past.okRatio * 100).toFixed(1)} %` : "no samples yet"}</dd>
                <dt className="text-zinc-500">p95 latency (24 h)</dt>
                <dd className="text-right tabular-nums">{past?.p95LatencyMs != null ? `${past.p95LatencyMs} ms` : "—"}</dd>
              </dl>
              {check.error ? <p className="mt-2 rounded bg-red-50 px-2 py-1 text-xs break-words text-red-800 dark:bg-red-950 dark:text-red-200">{check.error}</p> : null}
              {past && past.recent.length > 0 ? <Sparkline samples={past.recent} /> : null}
              {past?.lastError && past.lastErrorAt ? (
                <p className="mt-2 text-xs text-zinc-500">
                  Last failure {formatAge(past.lastErrorAt)}: {past.lastError}
                </p>
              ) : null}
            </Card>
          );
        })}
      </div>
    </div>
  );
}

/** One bar per probe sample: height is latency, red is a failed probe. */
function Sparkline({ samples }: { samples: ServiceHistory["recent"] }) {
  const max = Math.max(1, ...samples.map((s) => s.latencyMs));
  return (
    <div className="mt-3 flex h-8 items-end gap-px" aria-label={`Last ${samples.length} probe results`} role="img">
      {samples.map((s) => (
        <div
          key={s.at}
          title={`${s.at}: ${s.ok ? `${s.latencyMs} ms` : "failed"}`}
          className={`flex-1 rounded-sm ${s.ok ? "bg-emerald-400 dark:bg-emerald-600" : "bg-red-500"}`}
          style={{ height: `${s.ok ? Math.max(8, (s.latencyMs / max) * 100) : 100}%` }}
        />
      ))}
    </div>
  );
}
