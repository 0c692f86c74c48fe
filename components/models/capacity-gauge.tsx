import { formatBytes } from "@/lib/format/units";
import type { Watermarks } from "@/lib/models/capacity";

/** The hot tier's fill: hot models, bytes reserved by promotions, and the two watermarks the eviction policy works between. */
export function CapacityGauge({ watermarks: w, hotBytes, reservedBytes }: { watermarks: Watermarks; hotBytes: number; reservedBytes: number }) {
  const pct = (n: number) => `${Math.min(100, (n / Math.max(1, w.capacityBytes)) * 100)}%`;
  const used = hotBytes + reservedBytes;
  const over = used > w.highBytes;
  return (
    <figure>
      <div className="flex items-baseline justify-between text-sm">
        <span className="text-2xl font-semibold tabular-nums">{formatBytes(used)}</span>
        <span className="text-zinc-500">of {formatBytes(w.capacityBytes)}</span>
      </div>
      <div
        className="relative mt-2 h-4 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
        role="meter"
        aria-label="Hot tier used"
        aria-valuemin={0}
        aria-valuemax={w.capacityBytes}
        aria-valuenow={used}
      >
        <div className={`absolute inset-y-0 left-0 ${over ? "bg-red-500" : "bg-amber-500"}`} style={{ width: pct(hotBytes) }} />
        <div className="absolute inset-y-0 bg-amber-300 dark:bg-amber-700" style={{ left: pct(hotBytes), width: pct(reservedBytes) }} />
        <div className="absolute inset-y-0 w-0.5 bg-zinc-700 dark:bg-zinc-200" style={{ left: pct(w.highBytes) }} title={`high watermark ${formatBytes(w.highBytes)}`} />
        <div className="absolute inset-y-0 w-0.5 bg-zinc-500" style={{ left: pct(w.lowBytes) }} title={`low watermark ${formatBytes(w.lowBytes)}`} />
      </div>
      <figcaption className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-500">
        <span>hot {formatBytes(hotBytes)}</span>
        {reservedBytes > 0 ? <span>reserved by promotions {formatBytes(reservedBytes)}</span> : null}
        <span>high watermark {formatBytes(w.highBytes)}</span>
        <span>low watermark {formatBytes(w.lowBytes)}</span>
        {over ? <span className="text-red-700 dark:text-red-400">above the high watermark: the eviction policy will demote down to the low one</span> : null}
      </figcaption>
    </figure>
  );
}
