/**
 * Retrieval quality of one ranked list against graded judgments (0 = not relevant … 3 = perfect), as
 * TREC and BEIR compute them: nDCG@k with gain 2^grade − 1 and log2 discount, recall over documents with
 * grade > 0, reciprocal rank of the first relevant document, precision at 5.
 */

export type Judgments = Record<string, number>;
export type QueryMetrics = { ndcg10: number; recall10: number; recall100: number; mrr: number; p5: number };
export const metricNames = ["ndcg10", "recall10", "recall100", "mrr", "p5"] as const;

const gain = (grade: number) => 2 ** grade - 1;
const discount = (rank: number) => Math.log2(rank + 2);

export function ndcgAt(ranked: string[], judged: Judgments, k: number): number {
  const dcg = ranked.slice(0, k).reduce((sum, id, i) => sum + gain(judged[id] ?? 0) / discount(i), 0);
  const ideal = Object.values(judged)
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, i) => sum + gain(g) / discount(i), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function recallAt(ranked: string[], judged: Judgments, k: number): number {
  const relevant = Object.entries(judged).filter(([, g]) => g > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export function reciprocalRank(ranked: string[], judged: Judgments): number {
  const i = ranked.findIndex((id) => (judged[id] ?? 0) > 0);
  return i === -1 ? 0 : 1 / (i + 1);
}

export function precisionAt(ranked: string[], judged: Judgments, k: number): number {
  return ranked.slice(0, k).filter((id) => (judged[id] ?? 0) > 0).length / k;
}

export function queryMetrics(ranked: string[], judged: Judgments): QueryMetrics {
  return {
    ndcg10: ndcgAt(ranked, judged, 10),
    recall10: recallAt(ranked, judged, 10),
    recall100: recallAt(ranked, judged, 100),
    mrr: reciprocalRank(ranked, judged),
    p5: precisionAt(ranked, judged, 5),
  };
}

export function meanMetrics(rows: QueryMetrics[]): QueryMetrics {
  const n = rows.length || 1;
  const sum = (name: keyof QueryMetrics) => rows.reduce((s, r) => s + r[name], 0) / n;
  return { ndcg10: sum("ndcg10"), recall10: sum("recall10"), recall100: sum("recall100"), mrr: sum("mrr"), p5: sum("p5") };
}
