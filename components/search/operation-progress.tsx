import { Card } from "@/components/ui/card";
import { formatDuration } from "@/lib/format/units";
import type { OperationView } from "@/lib/search/operations";

const phases: Record<string, string> = {
  listing: "Listing the sources",
  removing: "Removing deleted files from the index",
  indexing: "Indexing documents",
  swapping: "Switching search to the new index",
};

/** The running operation: phase, documents done of total, chunks per second and time left. */
export function OperationProgress({ operation: o }: { operation: OperationView }) {
  const percent = o.docsTotal > 0 ? Math.min(100, Math.round((o.docsDone / o.docsTotal) * 100)) : null;
  return (
    <Card title={`${o.kind === "reindex" ? "Re-index" : o.kind === "retry" ? "Retry" : "Sync"} #${o.id} ${o.status === "queued" ? "queued" : "running"}`}>
      <div aria-live="polite" className="space-y-2 text-sm" data-testid="operation-progress">
        <p>
          {o.status === "queued" ? "Waiting for the worker…" : (phases[o.phase ?? ""] ?? "Starting…")}
          {o.cancelRequested ? " — cancelling after the current document" : ""}
        </p>
        <div className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined}>
          <div className={`h-full bg-accent-600 transition-all ${percent === null ? "w-1/12 animate-pulse" : ""}`} style={percent === null ? undefined : { width: `${percent}%` }} />
        </div>
        <p className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {o.docsDone.toLocaleString("en")} of {o.docsTotal ? o.docsTotal.toLocaleString("en") : "…"} documents · {o.chunks.toLocaleString("en")} chunks
          {o.chunksPerSecond !== null ? ` · ${o.chunksPerSecond} chunks/s` : ""}
          {o.etaSeconds !== null ? ` · about ${formatDuration(o.etaSeconds * 1000)} left` : ""}
          {o.docsFailed ? ` · ${o.docsFailed} failed` : ""}
        </p>
      </div>
    </Card>
  );
}
