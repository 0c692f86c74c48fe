import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { TierGrowthChart } from "@/components/contexts/growth-chart";
import { TierBytesChart } from "@/components/models/tier-bytes-chart";

/** The shared LineChart under the contexts and models overviews: lines, legend with the latest values, the empty text. */

describe("line charts", () => {
  test("one polyline per series, scaled to the largest value, latest values in the legend", () => {
    const samples = [
      { at: "2026-12-01T00:00:00.000Z", hot: 1, warm: 10, cold: 0, warmBytes: 0, coldBytes: 0 },
      { at: "2026-12-02T00:00:00.000Z", hot: 2, warm: 1500, cold: 4, warmBytes: 0, coldBytes: 0 },
    ];
    const html = renderToStaticMarkup(createElement(TierGrowthChart, { samples }));
    expect(html.match(/<polyline/g)).toHaveLength(3);
    expect(html).toContain("Contexts per tier from 2026-12-01 to 2026-12-02");
    expect(html).toContain(">1.5k</text>");
    expect(html).toContain("warm 1.5k");
    expect(html).toContain('points="28.0,139.2 612.0,16.0"'); // warm: 10 near the axis, 1,500 at the top (the y formula of the charts before)
  });

  test("bytes for the model tiers; fewer than two samples say when the chart appears", () => {
    const samples = [
      { at: "2026-12-01T00:00:00.000Z", hotBytes: 0, coldBytes: 2048, hotCount: 0, coldCount: 1 },
      { at: "2026-12-02T00:00:00.000Z", hotBytes: 1024, coldBytes: 2048, hotCount: 1, coldCount: 1 },
    ];
    const html = renderToStaticMarkup(createElement(TierBytesChart, { samples }));
    expect(html.match(/<polyline/g)).toHaveLength(2);
    expect(html).toMatch(/hot 1(\.0)? KiB/);
    expect(renderToStaticMarkup(createElement(TierBytesChart, { samples: samples.slice(0, 1) }))).toContain("the chart appears after two");
  });
});
