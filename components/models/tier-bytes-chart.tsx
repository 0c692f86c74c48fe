import { formatBytes } from "@/lib/format/units";
import type { TierSample } from "@/lib/models/stats";

/** Hot and cold bytes over time, from the samples moves and policy runs record: a small server-rendered SVG. */

const W = 640;
const H = 160;
const PAD = 36;

const series = [
  { key: "hotBytes", label: "hot", className: "stroke-amber-500" },
  { key: "coldBytes", label: "cold", className: "stroke-zinc-500" },
] as const;

export function TierBytesChart({ samples }: { samples: TierSample[] }) {
  if (samples.length < 2) {
    return <p className="text-sm text-zinc-500">Tier sizes are recorded after every move and policy run; the chart appears after two.</p>;
  }
  const t0 = new Date(samples[0]!.at).getTime();
  const t1 = new Date(samples.at(-1)!.at).getTime();
  const max = Math.max(1, ...samples.flatMap((s) => [s.hotBytes, s.coldBytes]));
  const x = (at: string) => PAD + ((new Date(at).getTime() - t0) / Math.max(1, t1 - t0)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD + 8 - (v / max) * (H - PAD - 8);
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-40 w-full" role="img" aria-labelledby="model-tier-bytes-title">
        <title id="model-tier-bytes-title">{`Hot and cold bytes from ${samples[0]!.at.slice(0, 16)} to ${samples.at(-1)!.at.slice(0, 16)}`}</title>
        <line x1={PAD} x2={W - PAD} y1={y(0)} y2={y(0)} className="stroke-zinc-300 dark:stroke-zinc-700" />
        <text x={2} y={y(max) + 4} className="fill-zinc-500 text-[10px]">{formatBytes(max)}</text>
        <text x={2} y={y(0) + 4} className="fill-zinc-500 text-[10px]">0</text>
        {series.map((s) => (
          <polyline key={s.key} fill="none" strokeWidth={2} className={s.className} points={samples.map((p) => `${x(p.at).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(" ")} />
        ))}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-zinc-500">
        {series.map((s) => (
          <span key={s.key} className="flex items-center gap-1">
            <svg width="12" height="4" aria-hidden>
              <line x1="0" x2="12" y1="2" y2="2" strokeWidth={3} className={s.className} />
            </svg>
            {s.label} {formatBytes(samples.at(-1)![s.key])}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
