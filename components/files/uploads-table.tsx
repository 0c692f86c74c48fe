"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { parentPrefix } from "@/lib/files/names";
import { filesHref } from "@/lib/files/paths";
import { filesQueries } from "@/lib/files/queries";
import type { UploadView } from "@/lib/files/uploads";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { fromQuery } from "@/components/ui/collection";
import { formatAge, formatBytes, formatDuration } from "@/lib/format/units";

const statusTones: Record<string, Tone> = { completed: "good", uploading: "info", aborted: "neutral", failed: "bad", expired: "warn" };

const cell = "px-4 py-2";

function columns(scope: "mine" | "all"): (DataColumn<UploadView> | false)[] {
  return [
    {
      id: "object",
      header: "Object",
      className: `max-w-md truncate ${cell}`,
      cell: (u) => (
        <Link href={filesHref(u.bucket, parentPrefix(u.key), { object: u.key })} className="hover:underline" title={`s3://${u.bucket}/${u.key}`}>
          <span className="text-zinc-500">{u.bucket}/</span>
          {u.key}
        </Link>
      ),
    },
    scope === "all" && { id: "user", header: "By", className: cell, cell: (u) => u.user },
    { id: "size", header: "Size", align: "right", className: cell, cell: (u) => formatBytes(u.size) },
    { id: "mode", header: "How", className: `${cell} text-zinc-600 dark:text-zinc-400`, cell: (u) => (u.mode === "multipart" ? `${u.partCount} parts` : "single PUT") },
    {
      id: "status",
      header: "Status",
      className: cell,
      cell: (u) => (
        <Badge tone={statusTones[u.status] ?? "neutral"} {...(u.error ? { title: u.error } : {})}>
          {u.status}
        </Badge>
      ),
    },
    { id: "started", header: "Started", className: `${cell} text-zinc-500`, cell: (u) => <span title={u.startedAt}>{formatAge(u.startedAt)}</span> },
    {
      id: "took",
      header: "Took",
      align: "right",
      className: `${cell} text-zinc-500`,
      cell: (u) => (u.finishedAt ? formatDuration(Date.parse(u.finishedAt) - Date.parse(u.startedAt)) : "—"),
    },
  ];
}

/** Upload history from PostgreSQL: the caller's own, or everyone's for admins (`scope=all`). */
export function UploadsTable({ scope }: { scope: "mine" | "all" }) {
  const query = useQuery(filesQueries.uploads(scope));
  return (
    <Card title={scope === "all" ? "Everyone's uploads" : "Your uploads"}>
      <DataTable
        frameClassName="-mx-4 -my-4 overflow-x-auto"
        {...fromQuery(query, (d) => d.uploads)}
        rowKey={(u) => u.id}
        errorTitle="Could not load uploads"
        loadingLabel="Loading uploads"
        empty={{ title: "No uploads yet", children: "Uploads made from the file browser are recorded here with their outcome." }}
        headerCell="px-4 py-2"
        columns={columns(scope)}
      />
    </Card>
  );
}
