import { describe, expect, test } from "vitest";
import { meanMetrics, ndcgAt, precisionAt, queryMetrics, recallAt, reciprocalRank } from "./metrics";

describe("retrieval metrics", () => {
  const judged = { a: 3, b: 1, c: 0, d: 2 };

  test("nDCG@k: 1 for the ideal order, less otherwise, with 2^g−1 gains and log2 discounts", () => {
    expect(ndcgAt(["a", "d", "b"], judged, 10)).toBeCloseTo(1, 10);
    const dcg = 7 / Math.log2(2) + 0 / Math.log2(3) + 3 / Math.log2(4);
    const ideal = 7 / Math.log2(2) + 3 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAt(["a", "c", "d"], judged, 10)).toBeCloseTo(dcg / ideal, 10);
    expect(ndcgAt(["x"], {}, 10)).toBe(0);
  });

  test("recall, reciprocal rank and precision count grade > 0 as relevant", () => {
    expect(recallAt(["c", "b"], judged, 10)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(["c", "x", "d"], judged)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(["c"], judged)).toBe(0);
    expect(precisionAt(["a", "b", "c", "x", "y"], judged, 5)).toBeCloseTo(2 / 5);
  });

  test("means over queries", () => {
    const m = meanMetrics([queryMetrics(["a"], { a: 1 }), queryMetrics(["x"], { a: 1 })]);
    expect(m).toEqual({ ndcg10: 0.5, recall10: 0.5, recall100: 0.5, mrr: 0.5, p5: 0.1 });
  });
});
