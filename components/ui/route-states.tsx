"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { healthInvalidation, healthQueries } from "@/lib/health/queries";
import { PageHeader } from "./page-header";
import { ErrorState, LoadingRows } from "./states";

const names: Record<string, string> = { postgres: "PostgreSQL", redis: "Redis", s3: "the object store (S3)", qdrant: "the vector store", keycloak: "Keycloak" };

/** What a section's `error.tsx` receives from Next.js (`retry` re-fetches the segment from the server). */
export type SectionErrorProps = { error: Error & { digest?: string }; retry: () => void };

/**
 * The page a section shows when its server read fails (its `error.tsx`). A production build hides a server
 * error's message, so this asks the readiness check which dependency is down and names it, as the health
 * page does; "Try again" re-fetches the segment from the server (Next's `retry`, not `reset`, which would
 * only re-render the failed payload) and asks the readiness check again.
 */
export function SectionError({ section, error, retry }: SectionErrorProps & { section: string }) {
  const client = useQueryClient();
  const health = useQuery(healthQueries.readiness());
  const down = Object.entries(health.data?.checks ?? {}).filter(([, check]) => !check.ok);
  const tryAgain = () => {
    void healthInvalidation.retried(client);
    retry();
  };
  return (
    <div className="space-y-3">
      <ErrorState
        title={`${section} could not be loaded`}
        error={down.length > 0 ? `${down.map(([name]) => names[name] ?? name).join(" and ")} did not answer.` : error}
        onRetry={tryAgain}
      />
      {down.length > 0 ? (
        <ul className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="failed-dependencies">
          {down.map(([name, check]) => (
            <li key={name}>
              <span className="font-medium">{names[name] ?? name}</span>: {check.error ?? "no answer"}
            </li>
          ))}
        </ul>
      ) : null}
      {error.digest ? <p className="text-xs text-zinc-500">Reference for the server log: {error.digest}</p> : null}
    </div>
  );
}

/**
 * The placeholder a section shows while its server read runs (its `loading.tsx`). Only for segments whose
 * status is settled above the boundary: see "Route states" in docs/architecture.md.
 */
export function SectionLoading({ title, rows = 6, label }: { title?: string; rows?: number; label?: string }) {
  return (
    <div aria-busy="true">
      {title ? <PageHeader title={title} /> : null}
      <LoadingRows rows={rows} label={label ?? (title ? `Loading ${title.toLowerCase()}` : "Loading")} />
    </div>
  );
}
