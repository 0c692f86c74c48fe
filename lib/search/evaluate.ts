import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import type { CollectionRecord } from "./collections";
import type { JudgedQuery } from "./judgments";
import { meanMetrics, queryMetrics, type QueryMetrics } from "./metrics";
import { runSearch } from "./query";
import { defaultFusion, type SearchMode } from "./qdrant-requests";

/**
 * Runs judged queries against a collection in each mode and scores the ranked documents (top 100).
 * A judgment names a document by its key, or by `bucket/key` when a collection reads several buckets.
 */

export const evalModes: SearchMode[] = ["keyword", "dense", "hybrid"];

export type EvalResult = {
  summary: Record<SearchMode, QueryMetrics>;
  perQuery: Array<{ id: string; query: string } & Record<SearchMode, QueryMetrics>>;
};

export async function evaluateCollection(collection: CollectionRecord, queries: JudgedQuery[]): Promise<EvalResult> {
  const perQuery: EvalResult["perQuery"] = [];
  for (const q of queries) {
    const row = { id: q.id, query: q.query } as EvalResult["perQuery"][number];
    for (const mode of evalModes) {
      const { results } = await runSearch({ query: q.query, mode, fusion: defaultFusion, limit: 100 }, [collection]);
      const ranked = results.map((r) => (q.judgments[r.key] !== undefined ? r.key : `${r.bucket}/${r.key}`));
      row[mode] = queryMetrics(ranked, q.judgments);
    }
    perQuery.push(row);
  }
  const summary = Object.fromEntries(evalModes.map((m) => [m, meanMetrics(perQuery.map((r) => r[m]))])) as EvalResult["summary"];
  return { summary, perQuery };
}

export async function saveEvalRun(collection: CollectionRecord, name: string, createdBy: string, result: EvalResult) {
  return db().searchEvalRun.create({
    data: {
      collectionId: collection.id,
      name,
      createdBy,
      settings: { model: collection.model, chunking: collection.chunking } as Prisma.InputJsonValue,
      summary: result.summary as Prisma.InputJsonValue,
      perQuery: result.perQuery as Prisma.InputJsonValue,
    },
  });
}

export type EvalRunView = { id: string; name: string; createdBy: string; createdAt: string; settings: unknown; summary: EvalResult["summary"]; perQuery: EvalResult["perQuery"] };

export async function listEvalRuns(collectionId: string, limit = 20): Promise<EvalRunView[]> {
  const rows = await db().searchEvalRun.findMany({ where: { collectionId }, orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => ({
    id: r.id.toString(),
    name: r.name,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    settings: r.settings,
    summary: r.summary as EvalResult["summary"],
    perQuery: r.perQuery as EvalResult["perQuery"],
  }));
}
