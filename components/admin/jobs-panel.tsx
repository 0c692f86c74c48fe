"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/guards";
import type { JobRunView } from "@/lib/jobs/runs";
import { jobsInvalidation, jobsQueries } from "@/lib/jobs/queries";
import { Badge, statusTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatAge, formatDuration, formatTimestamp } from "@/lib/format/units";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";

const cell = "py-2 pr-3";

const runColumns: DataColumn<JobRunView>[] = [
  { id: "job", header: "Job", className: `${cell} font-mono text-xs`, cell: (r) => r.job },
  { id: "status", header: "Status", className: cell, cell: (r) => <Badge tone={statusTone(r.status)}>{r.status}</Badge> },
  { id: "trigger", header: "Trigger", className: cell, cell: (r) => (r.trigger === "manual" ? `manual (${r.requestedBy ?? "?"})` : r.trigger) },
  { id: "started", header: "Started", className: `${cell} whitespace-nowrap`, cell: (r) => <span title={formatTimestamp(r.startedAt)}>{formatAge(r.startedAt)}</span> },
  { id: "duration", header: "Duration", className: `${cell} tabular-nums`, cell: (r) => (r.status === "running" ? "running…" : formatDuration(r.durationMs)) },
  {
    id: "counts",
    header: "Counts / error",
    className: `${cell} text-xs`,
    cell: (r) =>
      r.error ? (
        <span className="text-red-700 dark:text-red-300">{r.error}</span>
      ) : r.counts ? (
        Object.entries(r.counts)
          .map(([k, v]) => `${k}: ${v}`)
          .join(" · ")
      ) : (
        "—"
      ),
  },
];

export function JobsPanel({
  runJobNow,
  pauseJob,
  selectedJob,
}: {
  runJobNow: (name: string) => Promise<ActionResult<{ queuedId: string }>>;
  pauseJob: (name: string, paused: boolean) => Promise<ActionResult<string[]>>;
  selectedJob?: string;
}) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ tone: "good" | "bad"; text: string } | null>(null);
  const query = useQuery(jobsQueries.list(selectedJob));
  const run = useMutation({
    mutationFn: async (name: string) => {
      const result = await runJobNow(name);
      if (!result.ok) throw new Error(result.error.message);
      return name;
    },
    onSuccess: (name) => {
      setMessage({ tone: "good", text: `Queued ${name}; its run appears below when the worker starts it.` });
      void jobsInvalidation.jobsChanged(queryClient);
    },
    onError: (error) => setMessage({ tone: "bad", text: error.message }),
  });
  const pause = useMutation({
    mutationFn: async ({ name, paused }: { name: string; paused: boolean }) => {
      const result = await pauseJob(name, paused);
      if (!result.ok) throw new Error(result.error.message);
      return { name, paused };
    },
    onSuccess: ({ name, paused }) => {
      setMessage({ tone: "good", text: paused ? `Paused ${name}: its schedule no longer runs it.` : `Resumed ${name}.` });
      void jobsInvalidation.jobsChanged(queryClient);
    },
    onError: (error) => setMessage({ tone: "bad", text: error.message }),
  });

  if (query.isPending) return <LoadingRows rows={6} label="Loading jobs" />;
  if (query.isError) return <ErrorState title="Could not load jobs" error={query.error} onRetry={() => void query.refetch()} />;
  const { jobs, runs } = query.data;
  return (
    <div className="space-y-6">
      <Notice message={message} />
      <Card title="Jobs">
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {jobs.map((job) => {
            const last = runs.find((r) => r.job === job.name);
            return (
              <li key={job.name} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0">
                  <p className="font-medium">
                    <Link href={`/admin/jobs?job=${job.name}`} className="hover:underline">
                      {job.title}
                    </Link>{" "}
                    <code className="text-xs text-zinc-500">{job.name}</code>
                  </p>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">{job.description}</p>
                  <p className="text-xs text-zinc-500">
                    {job.paused ? <Badge tone="warn">paused</Badge> : null} {job.schedule ? `Scheduled: ${job.schedule}` : "On demand only"}
                    {last ? ` · last run ${formatAge(last.startedAt)} (${last.status})` : " · never run"}
                  </p>
                </div>
                <div className="flex gap-2">
                  {job.schedule ? (
                    <Button size="sm" variant="ghost" onClick={() => pause.mutate({ name: job.name, paused: !job.paused })} disabled={pause.isPending}>
                      {job.paused ? "Resume schedule" : "Pause schedule"}
                    </Button>
                  ) : null}
                  <Button size="sm" onClick={() => run.mutate(job.name)} disabled={run.isPending && run.variables === job.name}>
                    {run.isPending && run.variables === job.name ? "Queuing…" : "Run now"}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      </Card>
      <Card title={selectedJob ? `Runs of ${selectedJob}` : "Recent runs"} actions={selectedJob ? <Link className="text-sm text-accent-600 hover:underline" href="/admin/jobs">All jobs</Link> : null}>
        <DataTable
          frameClassName="overflow-x-auto"
          rows={runs}
          rowKey={(r) => r.id}
          empty={{ title: "No runs yet", children: "Scheduled jobs run once the worker is up (`npm run worker`); “Run now” queues one." }}
          headerCell="py-2 pr-3"
          rowTestId="job-run"
          columns={runColumns}
        />
      </Card>
    </div>
  );
}
