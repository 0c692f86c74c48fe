import { formatBytes } from "@/lib/format/units";
import type { DayGrowth } from "@/lib/outputs/overview";

/** Outputs created per day, as a list of bars (count) with the bytes beside: readable without a chart library and by screen readers. */
export function OutputsGrowth({ days }: { days: DayGrowth[] }) {
  const max = Math.max(0, ...days.map((d) => d.count));
  if (max === 0) return <p className="text-sm text-zinc-500">No outputs created in the last {days.length} days.</p>;
  const total = days.reduce((sum, d) => sum + d.bytes, 0);
  return (
    <figure>
      <ol className="flex h-32 items-end gap-0.5" aria-label="Outputs created per day">
        {days.map((d) => (
          <li key={d.day} className="flex h-full flex-1 items-end" title={`${d.day}: ${d.count} outputs, ${formatBytes(d.bytes)}`}>
            <span className="sr-only">{`${d.day}: ${d.count} outputs, ${formatBytes(d.bytes)}`}</span>
            <span className="w-full rounded-t bg-accent-500" style={{ height: `${Math.max(d.count > 0 ? 2 : 0, (d.count / max) * 100)}%` }} />
          </li>
        ))}
      </ol>
      <figcaption className="mt-1 flex justify-between text-xs text-zinc-500">
        <span>{days[0]!.day}</span>
        <span>
          {days.reduce((sum, d) => sum + d.count, 0).toLocaleString("en")} outputs, {formatBytes(total)}
        </span>
        <span>{days.at(-1)!.day}</span>
      </figcaption>
    </figure>
  );
}
