/** TanStack Query keys of the admin jobs panel: one factory, so "every jobs view" is one prefix. */
export const jobsKeys = {
  all: ["admin", "jobs"] as const,
  /** The job list with recent runs, of every job (`""`) or of one. */
  list: (job: string = "") => ["admin", "jobs", job] as const,
};
