import { LineChart, type LineSeries } from "@/components/ui/line-chart";
import type { DayCount, TierSample } from "@/lib/contexts/stats";

/** Small SVG charts for the overview: no chart library, rendered on the server, readable in both themes. */

const W = 640;
const H = 160;
const PAD = 28;

const series: LineSeries<"warm" | "cold" | "hot">[] = [
  { key: "warm", label: "warm", className: "stroke-accent-600" },
  { key: "cold", label: "cold", className: "stroke-zinc-500" },
  { key: "hot", label: "hot", className: "stroke-amber-500" },
];

function compact(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1_000 ? `${(n / 1_000).toFixed(1)}k` : String(n);
}

export function TierGrowthChart({ samples }: { samples: TierSample[] }) {
  return (
    <LineChart
      samples={samples}
      series={series}
      format={compact}
      titleId="tier-growth-title"
      title={samples.length > 1 ? `Contexts per tier from ${samples[0]!.at.slice(0, 10)} to ${samples.at(-1)!.at.slice(0, 10)}` : ""}
      empty="The archive job records tier sizes on every run; the chart appears after two runs."
    />
  );
}

export function CreatedPerDayBars({ days }: { days: DayCount[] }) {
  const max = Math.max(...days.map((d) => d.count), 0);
  if (max === 0) return <p className="text-sm text-zinc-500">No contexts created in the last {days.length} days.</p>;
  const width = (W - 2 * PAD) / days.length;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="h-40 w-full" role="img" aria-labelledby="created-per-day-title">
      <title id="created-per-day-title">{`New contexts per day from ${days[0]!.day} to ${days.at(-1)!.day} (most in a day: ${max})`}</title>
      <text x={2} y={12} className="fill-zinc-500 text-[10px]">{compact(max)}</text>
      {days.map((d, i) => {
        const h = (d.count / max) * (H - PAD - 8);
        return (
          <rect key={d.day} x={PAD + i * width + 1} y={H - PAD + 8 - h} width={Math.max(1, width - 2)} height={h} rx={2} className="fill-accent-500">
            <title>{`${d.day}: ${d.count}`}</title>
          </rect>
        );
      })}
      <text x={PAD} y={H - 2} className="fill-zinc-500 text-[10px]">{days[0]!.day}</text>
      <text x={W - PAD} y={H - 2} textAnchor="end" className="fill-zinc-500 text-[10px]">{days.at(-1)!.day}</text>
    </svg>
  );
}
