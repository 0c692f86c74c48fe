import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-fetch";
import { jobsKeys } from "./keys";
import type { JobRunView } from "./runs";

/** The browser's side of /api/admin/jobs: the fetcher (the only place its URL is written), its query, its invalidation. */

export type JobsResponse = {
  jobs: { name: string; title: string; description: string; schedule: string | null; paused: boolean }[];
  runs: JobRunView[];
};

export const jobsApi = {
  /** Every job with its schedule and paused flag, and the last 100 runs (of one job, when named). */
  list: (job?: string) => apiFetch<JobsResponse>(`/api/admin/jobs${job ? `?${new URLSearchParams({ job })}` : ""}`),
};

export const jobsQueries = {
  /** Polled: every second while a run is running, else every five. */
  list: (job?: string) =>
    queryOptions({
      queryKey: jobsKeys.list(job),
      queryFn: () => jobsApi.list(job),
      refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === "running") ? 1_000 : 5_000),
    }),
};

/** What a change to jobs makes stale: the one place that is decided. */
export const jobsInvalidation = {
  /** A job was queued, paused or resumed: every jobs view. */
  jobsChanged: (client: QueryClient) => client.invalidateQueries({ queryKey: jobsKeys.all }),
};
