import { Badge, statusTone } from "@/components/ui/badge";
import { formatAge, formatDuration, formatTimestamp } from "@/lib/format/units";
import type { JobRunView } from "@/lib/jobs/runs";

/** A compact list of job runs (a section's own jobs, on its overview): status, what each moved, when and how long. */
export function JobRunsList({ runs, empty }: { runs: JobRunView[]; empty: string }) {
  if (runs.length === 0) return <p className="text-sm text-zinc-500">{empty}</p>;
  return (
    <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
      {runs.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-2 py-1.5">
          <span className="font-mono text-xs">{r.job}</span>
          <Badge tone={statusTone(r.status)}>{r.status}</Badge>
          <span className="text-xs text-zinc-500">{r.counts ? Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(" · ") : (r.error ?? "")}</span>
          <span className="ml-auto text-xs text-zinc-500 tabular-nums" title={formatTimestamp(r.startedAt)}>
            {formatAge(r.startedAt)} · {formatDuration(r.durationMs)}
          </span>
        </li>
      ))}
    </ul>
  );
}
