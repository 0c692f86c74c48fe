"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { UploadView } from "@/lib/files/uploads";
import { filesHref } from "@/lib/files/paths";
import { parentPrefix } from "@/lib/files/names";
import { apiFetch } from "@/lib/http/api-fetch";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatAge, formatBytes, formatDuration } from "@/lib/format/units";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { DataTable } from "@/components/ui/data-table";

const statusTones: Record<string, Tone> = { completed: "good", uploading: "info", aborted: "neutral", failed: "bad", expired: "warn" };

/** Upload history from PostgreSQL: the caller's own, or everyone's for admins (`scope=all`). */
export function UploadsTable({ scope }: { scope: "mine" | "all" }) {
  const query = useQuery({
    queryKey: ["files", "uploads", scope],
    queryFn: () => apiFetch<{ uploads: UploadView[] }>(`/api/files/uploads?scope=${scope}&limit=200`),
    refetchInterval: (q) => (q.state.data?.uploads.some((u) => u.status === "uploading") ? 5_000 : false),
  });
  return (
    <Card title={scope === "all" ? "Everyone's uploads" : "Your uploads"}>
      {query.isPending ? (
        <LoadingRows rows={5} label="Loading uploads" />
      ) : query.isError ? (
        <ErrorState title="Could not load uploads" error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.uploads.length === 0 ? (
        <EmptyState title="No uploads yet">Uploads made from the file browser are recorded here with their outcome.</EmptyState>
      ) : (
        <div className="-mx-4 -my-4 overflow-x-auto">
          <DataTable headerCell="px-4 py-2" columns={[{ label: "Object" }, scope === "all" && { label: "By" }, { label: "Size", align: "right" }, { label: "How" }, { label: "Status" }, { label: "Started" }, { label: "Took", align: "right" }]}>
              {query.data.uploads.map((u) => (
                <tr key={u.id}>
                  <td className="max-w-md truncate px-4 py-2" title={`s3://${u.bucket}/${u.key}`}>
                    <Link href={filesHref(u.bucket, parentPrefix(u.key), { object: u.key })} className="hover:underline">
                      <span className="text-zinc-500">{u.bucket}/</span>
                      {u.key}
                    </Link>
                  </td>
                  {scope === "all" ? <td className="px-4 py-2">{u.user}</td> : null}
                  <td className="px-4 py-2 text-right tabular-nums">{formatBytes(u.size)}</td>
                  <td className="px-4 py-2 text-zinc-600 dark:text-zinc-400">{u.mode === "multipart" ? `${u.partCount} parts` : "single PUT"}</td>
                  <td className="px-4 py-2">
                    <Badge tone={statusTones[u.status] ?? "neutral"} {...(u.error ? { title: u.error } : {})}>
                      {u.status}
                    </Badge>
                  </td>
                  <td className="px-4 py-2 text-zinc-500" title={u.startedAt}>
                    {formatAge(u.startedAt)}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums text-zinc-500">
                    {u.finishedAt ? formatDuration(Date.parse(u.finishedAt) - Date.parse(u.startedAt)) : "—"}
                  </td>
                </tr>
              ))}
            </DataTable>
        </div>
      )}
    </Card>
  );
}
