"use client";

import { useQuery } from "@tanstack/react-query";
import { healthQueries } from "@/lib/health/queries";
import { ErrorState } from "./states";

const names: Record<string, string> = { postgres: "PostgreSQL", redis: "Redis", s3: "the object store (S3)", qdrant: "the vector store", keycloak: "Keycloak" };

/**
 * The page a section shows when its server read fails (its `error.tsx`). A production build hides a server
 * error's message, so this asks the readiness check which dependency is down and names it, as the health
 * page does; "Try again" re-renders the section.
 */
export function SectionError({ section, error, reset }: { section: string; error: Error & { digest?: string }; reset: () => void }) {
  const health = useQuery(healthQueries.readiness());
  const down = Object.entries(health.data?.checks ?? {}).filter(([, check]) => !check.ok);
  return (
    <div className="space-y-3">
      <ErrorState title={`${section} could not be loaded`} error={down.length > 0 ? `${down.map(([name]) => names[name] ?? name).join(" and ")} did not answer.` : error} onRetry={reset} />
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
