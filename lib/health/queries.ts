import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch, apiPath } from "@/lib/http/api-fetch";
import type { Readiness } from "./checks";
import type { ServiceHistory } from "./history";
import { healthKeys } from "./keys";

/** `/api/admin/health`: the full readiness report with each dependency's recent history. */
export type HealthReport = { checkedAt: string; readiness: Readiness; history: ServiceHistory[] };

type PublicReadiness = { status: Readiness["status"]; checks: Record<string, { ok: boolean; latencyMs: number; error?: string }> };

export const healthApi = {
  /** Readiness answers 503 with the same body when something is down, so both statuses are an answer here. */
  readiness: async (): Promise<PublicReadiness> => {
    const response = await fetch(apiPath("/api/health/ready"), { cache: "no-store", headers: { accept: "application/json" } });
    return (await response.json()) as PublicReadiness;
  },
  report: () => apiFetch<HealthReport>("/api/admin/health"),
};

export const healthQueries = {
  readiness: () => queryOptions({ queryKey: healthKeys.readiness(), queryFn: healthApi.readiness, retry: false }),
  /** The admin panel's report, polled every `refreshMs`. */
  report: (refreshMs: number) => queryOptions({ queryKey: healthKeys.report(), queryFn: healthApi.report, refetchInterval: refreshMs }),
};

/** What makes health data stale: the one place that is decided. */
export const healthInvalidation = {
  /** Someone asked again (an error page's "Try again"): the readiness check is asked afresh. */
  retried: (client: QueryClient) => client.invalidateQueries({ queryKey: healthKeys.readiness() }),
};
