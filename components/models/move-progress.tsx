import { formatBytes, formatDuration } from "@/lib/format/units";
import type { MoveView } from "@/lib/models/schemas";

/** A move's progress: bar, bytes, rate and time left (what the runner last recorded). */
export function MoveProgress({ move }: { move: MoveView }) {
  const percent = move.bytesTotal > 0 ? Math.min(100, (move.bytesDone / move.bytesTotal) * 100) : 0;
  const label = move.status === "queued" ? "queued" : move.status === "canceling" ? "canceling…" : `${percent.toFixed(0)} %`;
  return (
    <div className="min-w-40" aria-label={`${move.kind} ${label}`}>
      <div className="h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
        <div
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(percent)}
          className="h-full bg-accent-600 transition-[width]"
          style={{ width: `${percent}%` }}
        />
      </div>
      <div className="mt-0.5 text-xs text-zinc-500 tabular-nums">
        {move.kind} {label} · {formatBytes(move.bytesDone)} of {formatBytes(move.bytesTotal)}
        {move.rateBytesPerSecond ? ` · ${formatBytes(move.rateBytesPerSecond)}/s` : ""}
        {move.etaSeconds !== null ? ` · ${formatDuration(move.etaSeconds * 1000)} left` : ""}
      </div>
    </div>
  );
}
