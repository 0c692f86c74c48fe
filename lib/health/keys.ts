/** Query keys of the health data the console polls (admin panel, section error pages). */
export const healthKeys = {
  all: ["health"] as const,
  /** The admin page's full report (history, servers). */
  report: () => ["health", "report"] as const,
  /** The public readiness check: which dependency is down. */
  readiness: () => ["health", "readiness"] as const,
};
