import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch, apiPath } from "@/lib/http/api-fetch";
import type { Readiness } from "./checks";
import { healthKeys } from "./keys";

type PublicReadiness = { status: Readiness["status"]; checks: Record<string, { ok: boolean; latencyMs: number; error?: string }> };

export const healthApi = {
  /** Readiness answers 503 with the same body when something is down, so both statuses are an answer here. */
  readiness: async (): Promise<PublicReadiness> => {
    const response = await fetch(apiPath("/api/health/ready"), { cache: "no-store", headers: { accept: "application/json" } });
    return (await response.json()) as PublicReadiness;
  },
  report: <T>() => apiFetch<T>("/api/admin/health"),
};

export const healthQueries = {
  readiness: () => queryOptions({ queryKey: healthKeys.readiness(), queryFn: healthApi.readiness, retry: false }),
};

/** What makes health data stale: the one place that is decided. */
export const healthInvalidation = {
  /** Someone asked again (an error page's "Try again"): the readiness check is asked afresh. */
  retried: (client: QueryClient) => client.invalidateQueries({ queryKey: healthKeys.readiness() }),
};
