import { LineChart, type LineSeries } from "@/components/ui/line-chart";
import { formatBytes } from "@/lib/format/units";
import type { TierSample } from "@/lib/models/stats";

/** Hot and cold bytes over time, from the samples moves and policy runs record: a small server-rendered SVG. */

const series: LineSeries<"hotBytes" | "coldBytes">[] = [
  { key: "hotBytes", label: "hot", className: "stroke-amber-500" },
  { key: "coldBytes", label: "cold", className: "stroke-zinc-500" },
];

export function TierBytesChart({ samples }: { samples: TierSample[] }) {
  return (
    <LineChart
      samples={samples}
      series={series}
      format={formatBytes}
      pad={36}
      titleId="model-tier-bytes-title"
      title={samples.length > 1 ? `Hot and cold bytes from ${samples[0]!.at.slice(0, 16)} to ${samples.at(-1)!.at.slice(0, 16)}` : ""}
      empty="Tier sizes are recorded after every move and policy run; the chart appears after two."
    />
  );
}
