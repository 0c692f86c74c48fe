import type { ReactNode } from "react";

/**
 * Lines over time as a small SVG: no chart library, rendered on the server, readable in both themes. Each
 * series is a numeric field of the samples; the legend shows each one's latest value.
 */

const W = 640;
const H = 160;

export type LineSeries<K extends string> = { key: K; label: string; className: string };

export function LineChart<K extends string, S extends { at: string } & Record<K, number>>({
  samples,
  series,
  format,
  title,
  titleId,
  empty,
  pad = 28,
}: {
  samples: readonly S[];
  series: readonly LineSeries<K>[];
  /** How a value reads on the axis and in the legend. */
  format: (value: number) => string;
  /** What the chart shows, for screen readers (the SVG's <title>). */
  title: string;
  titleId: string;
  /** Shown instead while there are fewer than two samples. */
  empty: ReactNode;
  /** Room on the left for the axis labels. */
  pad?: number;
}) {
  if (samples.length < 2) return <p className="text-sm text-zinc-500">{empty}</p>;
  const t0 = new Date(samples[0]!.at).getTime();
  const t1 = new Date(samples.at(-1)!.at).getTime();
  const max = Math.max(1, ...samples.flatMap((s) => series.map((line) => s[line.key])));
  const x = (at: string) => pad + ((new Date(at).getTime() - t0) / Math.max(1, t1 - t0)) * (W - 2 * pad);
  const y = (v: number) => H - pad + 8 - (v / max) * (H - pad - 8);
  const last = samples.at(-1)!;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-40 w-full" role="img" aria-labelledby={titleId}>
        <title id={titleId}>{title}</title>
        <line x1={pad} x2={W - pad} y1={y(0)} y2={y(0)} className="stroke-zinc-300 dark:stroke-zinc-700" />
        <text x={2} y={y(max) + 4} className="fill-zinc-500 text-[10px]">
          {format(max)}
        </text>
        <text x={2} y={y(0) + 4} className="fill-zinc-500 text-[10px]">
          0
        </text>
        {series.map((line) => (
          <polyline
            key={line.key}
            fill="none"
            strokeWidth={2}
            className={line.className}
            points={samples.map((p) => `${x(p.at).toFixed(1)},${y(p[line.key]).toFixed(1)}`).join(" ")}
          />
        ))}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-zinc-500">
        {series.map((line) => (
          <span key={line.key} className="flex items-center gap-1">
            <svg width="12" height="4" aria-hidden>
              <line x1="0" x2="12" y1="2" y2="2" strokeWidth={3} className={line.className} />
            </svg>
            {line.label} {format(last[line.key])}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
