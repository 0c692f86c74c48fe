import { z } from "zod";
import { badRequest } from "@/lib/http/errors";
import type { Judgments } from "./metrics";

/**
 * Relevance judgments for the Evaluate tab and `npm run search:eval`, in either of two forms:
 * - JSON: `[{ "query": "…", "judgments": { "<key>": 0-3, … } }, …]` (keys as in the bucket, or `bucket/key`);
 * - TREC: topics (`<qid><TAB><query text>` per line) and qrels (`<qid> 0 <key> <grade>` per line).
 */

export type JudgedQuery = { id: string; query: string; judgments: Judgments };

const grade = z.number().int().min(0).max(3);
const jsonSchema = z
  .array(z.object({ id: z.string().min(1).max(100).optional(), query: z.string().trim().min(1).max(1000), judgments: z.record(z.string().min(1), grade) }))
  .min(1, "give at least one judged query")
  .max(500);

export function parseJsonJudgments(value: unknown): JudgedQuery[] {
  return jsonSchema.parse(value).map((q, i) => ({ id: q.id ?? `q${i + 1}`, query: q.query, judgments: q.judgments }));
}

export function parseTrecJudgments(topics: string, qrels: string): JudgedQuery[] {
  const queries = new Map<string, JudgedQuery>();
  topics.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const tab = line.indexOf("\t");
    if (tab <= 0) throw badRequest(`Topics line ${i + 1}: expected "<query id><TAB><query text>".`);
    queries.set(line.slice(0, tab).trim(), { id: line.slice(0, tab).trim(), query: line.slice(tab + 1).trim(), judgments: {} });
  });
  qrels.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 4) throw badRequest(`qrels line ${i + 1}: expected "<query id> 0 <document key> <grade>".`);
    const [qid, , key, g] = parts as [string, string, string, string];
    const q = queries.get(qid);
    if (!q) throw badRequest(`qrels line ${i + 1}: query ${qid} is not in the topics.`);
    const value = Number(g);
    if (!Number.isInteger(value) || value < 0 || value > 3) throw badRequest(`qrels line ${i + 1}: the grade must be 0, 1, 2 or 3.`);
    q.judgments[key] = value;
  });
  const out = [...queries.values()];
  if (out.length === 0) throw badRequest("The topics name no query.");
  return out;
}

const uploadSchema = z.discriminatedUnion("format", [
  z.object({ format: z.literal("json"), label: z.string().trim().min(1).max(100), json: z.string().min(2).max(1_000_000) }),
  z.object({ format: z.literal("trec"), label: z.string().trim().min(1).max(100), topics: z.string().min(1).max(1_000_000), qrels: z.string().min(1).max(5_000_000) }),
]);

/** What the Evaluate tab sends: a label for the run and the judgments as pasted or uploaded text. */
export function parseJudgmentsUpload(input: unknown): { label: string; queries: JudgedQuery[] } {
  const upload = uploadSchema.parse(input);
  if (upload.format === "trec") return { label: upload.label, queries: parseTrecJudgments(upload.topics, upload.qrels) };
  let value: unknown;
  try {
    value = JSON.parse(upload.json);
  } catch {
    throw badRequest("The judgments are not valid JSON.");
  }
  return { label: upload.label, queries: parseJsonJudgments(value) };
}
