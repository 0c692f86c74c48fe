"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { runEvaluationAction } from "@/app/(console)/search/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Field, inputClasses } from "@/components/ui/dialog";
import { formatTimestamp } from "@/lib/format/units";
import type { EvalRunView } from "@/lib/search/evaluate";
import { metricNames } from "@/lib/search/metrics";

const modes = ["keyword", "dense", "hybrid"] as const;

/** One line of the runs table: a run in one mode; the run's name and settings show on its first line. */
type RunRow = { run: EvalRunView; mode: (typeof modes)[number]; first: boolean };
const labels: Record<(typeof metricNames)[number], string> = { ndcg10: "nDCG@10", recall10: "Recall@10", recall100: "Recall@100", mrr: "MRR", p5: "P@5" };
const fmt = (n: number) => n.toFixed(3);

const example = JSON.stringify([{ query: "how do I rotate the API keys", judgments: { "docs/security.md": 3, "docs/operations.md": 1 } }], null, 2);

/** Upload judgments, run them in each mode, and compare the kept runs. */
export function EvaluatePanel({ name, runs, canRun }: { name: string; runs: EvalRunView[]; canRun: boolean }) {
  const router = useRouter();
  const [format, setFormat] = useState<"json" | "trec">("json");
  const [label, setLabel] = useState("");
  const [json, setJson] = useState("");
  const [topics, setTopics] = useState("");
  const [qrels, setQrels] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(runs[0]?.id ?? null);
  const runRows: RunRow[] = runs.flatMap((run) => modes.map((mode, i) => ({ run, mode, first: i === 0 })));
  const [pending, startTransition] = useTransition();

  function run() {
    setError(null);
    startTransition(async () => {
      const result = await runEvaluationAction(name, format === "json" ? { format, label, json } : { format, label, topics, qrels });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setOpen(result.data);
      router.refresh();
    });
  }

  async function load(file: File | undefined, into: (text: string) => void) {
    if (file) into(await file.text());
  }

  return (
    <div className="space-y-4">
      {canRun ? (
        <Card title="Run an evaluation">
          <div className="space-y-3">
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Judged queries (grades 0–3 per document key) run in keyword, dense and hybrid mode; the run is kept so you can compare it with runs after a change of model or chunking.
            </p>
            <div className="grid gap-3 md:grid-cols-3">
              <Field id="eval-label" label="Name of this run">
                <input id="eval-label" value={label} onChange={(e) => setLabel(e.target.value)} className={inputClasses} placeholder="baseline" />
              </Field>
              <Field id="eval-format" label="Format">
                <select id="eval-format" value={format} onChange={(e) => setFormat(e.target.value as "json" | "trec")} className={inputClasses}>
                  <option value="json">JSON</option>
                  <option value="trec">TREC topics + qrels</option>
                </select>
              </Field>
            </div>
            {format === "json" ? (
              <Field id="eval-json" label="Judgments (JSON)" hint={<>e.g. {example.replace(/\s+/g, " ")}</>}>
                <textarea id="eval-json" value={json} onChange={(e) => setJson(e.target.value)} rows={8} className={`${inputClasses} h-auto font-mono text-xs`} />
                <input type="file" accept=".json,application/json" aria-label="Upload a JSON file" onChange={(e) => void load(e.target.files?.[0], setJson)} className="mt-1 text-xs" />
              </Field>
            ) : (
              <div className="grid gap-3 md:grid-cols-2">
                <Field id="eval-topics" label="Topics" hint="<query id><TAB><query text>, one per line">
                  <textarea id="eval-topics" value={topics} onChange={(e) => setTopics(e.target.value)} rows={8} className={`${inputClasses} h-auto font-mono text-xs`} />
                  <input type="file" aria-label="Upload a topics file" onChange={(e) => void load(e.target.files?.[0], setTopics)} className="mt-1 text-xs" />
                </Field>
                <Field id="eval-qrels" label="qrels" hint="<query id> 0 <document key> <grade>, one per line">
                  <textarea id="eval-qrels" value={qrels} onChange={(e) => setQrels(e.target.value)} rows={8} className={`${inputClasses} h-auto font-mono text-xs`} />
                  <input type="file" aria-label="Upload a qrels file" onChange={(e) => void load(e.target.files?.[0], setQrels)} className="mt-1 text-xs" />
                </Field>
              </div>
            )}
            {error ? (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {error}
              </p>
            ) : null}
            <Button variant="primary" onClick={run} disabled={pending || !label.trim()}>
              {pending ? "Running the queries…" : "Run evaluation"}
            </Button>
          </div>
        </Card>
      ) : null}

      <Card title="Runs (mean over queries)">
        <DataTable
          rows={runRows}
          rowKey={(row) => `${row.run.id}-${row.mode}`}
          empty={{ title: "No evaluation runs yet", children: canRun ? "Upload judgments above to score this collection." : "An editor can upload judgments to score this collection." }}
          frameClassName="overflow-x-auto"
          rowClassName={(row) => (row.first ? "border-t-2 border-zinc-200 dark:border-zinc-700" : "")}
          columns={[
            {
              id: "run",
              header: "Run",
              className: "px-3 py-1.5",
              cell: ({ run: r, first }) =>
                first ? (
                  <button className="text-left font-medium text-accent-700 hover:underline dark:text-accent-500" onClick={() => setOpen(open === r.id ? null : r.id)}>
                    {r.name}
                    <span className="block text-xs font-normal text-zinc-500">
                      {formatTimestamp(r.createdAt)} · {r.perQuery.length} queries
                    </span>
                  </button>
                ) : null,
            },
            { id: "mode", header: "Mode", className: "px-3 py-1.5", cell: (row) => row.mode },
            ...metricNames.map((m) => ({ id: m, header: labels[m], align: "right" as const, className: "px-3 py-1.5", cell: (row: RunRow) => fmt(row.run.summary[row.mode][m]) })),
            { id: "settings", header: "Settings", className: "px-3 py-1.5 font-mono text-xs text-zinc-500", cell: (row) => (row.first ? JSON.stringify(row.run.settings) : null) },
          ]}
        />
      </Card>

      {runs
        .filter((r) => r.id === open)
        .map((r) => (
          <Card key={r.id} title={`Per query: ${r.name} (nDCG@10)`}>
            <DataTable
              rows={r.perQuery}
              rowKey={(q) => q.id}
              empty={{ title: "No queries in this run" }}
              columns={[
                { id: "query", header: "Query", className: "px-3 py-1.5", cell: (q) => q.query },
                ...modes.map((m) => ({ id: m, header: m, align: "right" as const, className: "px-3 py-1.5", cell: (q: (typeof r.perQuery)[number]) => fmt(q[m].ndcg10) })),
              ]}
            />
          </Card>
        ))}
    </div>
  );
}
