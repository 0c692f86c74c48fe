import type { DayCount, TierSample } from "@/lib/contexts/stats";

/** Small SVG charts for the overview: no chart library, rendered on the server, readable in both themes. */

const W = 640;
const H = 160;
const PAD = 28;

const series = [
  { key: "warm", label: "warm", className: "stroke-accent-600" },
  { key: "cold", label: "cold", className: "stroke-zinc-500" },
  { key: "hot", label: "hot", className: "stroke-amber-500" },
] as const;

function compact(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1_000 ? `${(n / 1_000).toFixed(1)}k` : String(n);
}

export function TierGrowthChart({ samples }: { samples: TierSample[] }) {
  if (samples.length < 2) {
    return <p className="text-sm text-zinc-500">The archive job records tier sizes on every run; the chart appears after two runs.</p>;
  }
  const t0 = new Date(samples[0]!.at).getTime();
  const t1 = new Date(samples.at(-1)!.at).getTime();
  const max = Math.max(1, ...samples.flatMap((s) => [s.warm, s.cold, s.hot]));
  const x = (at: string) => PAD + ((new Date(at).getTime() - t0) / Math.max(1, t1 - t0)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD + 8 - (v / max) * (H - PAD - 8);
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-40 w-full" role="img" aria-labelledby="tier-growth-title">
        <title id="tier-growth-title">Contexts per tier from {samples[0]!.at.slice(0, 10)} to {samples.at(-1)!.at.slice(0, 10)}</title>
        <line x1={PAD} x2={W - PAD} y1={y(0)} y2={y(0)} className="stroke-zinc-300 dark:stroke-zinc-700" />
        <text x={2} y={y(max) + 4} className="fill-zinc-500 text-[10px]">{compact(max)}</text>
        <text x={2} y={y(0) + 4} className="fill-zinc-500 text-[10px]">0</text>
        {series.map((s) => (
          <polyline
            key={s.key}
            fill="none"
            strokeWidth={2}
            className={s.className}
            points={samples.map((p) => `${x(p.at).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(" ")}
          />
        ))}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-zinc-500">
        {series.map((s) => (
          <span key={s.key} className="flex items-center gap-1">
            <svg width="12" height="4" aria-hidden>
              <line x1="0" x2="12" y1="2" y2="2" strokeWidth={3} className={s.className} />
            </svg>
            {s.label} {compact(samples.at(-1)![s.key])}
          </span>
        ))}
      </figcaption>
    </figure>
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
