"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { OperationView } from "@/lib/files/operation-schemas";
import { apiFetch, apiPath } from "@/lib/http/api-fetch";
import { Badge, statusTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { formatAge, formatBytes } from "@/lib/format/units";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Notice, type NoticeMessage } from "./notice";

const verbs = { copy: "Copy", move: "Move", delete: "Delete", zip: "Zip" } as const;

function what(op: OperationView): string {
  const first = op.items[0];
  const more = op.itemCount > 1 ? ` and ${op.itemCount - 1} more` : "";
  const source = `${op.sourceBucket}/${first?.source ?? ""}${more}`;
  if (op.kind === "copy" || op.kind === "move") return `${verbs[op.kind]} ${source} → ${op.destinationBucket}/${first?.destination ?? ""}`;
  return `${verbs[op.kind]} ${source}`;
}

function Progress({ op }: { op: OperationView }) {
  if (op.total === null) return <span className="text-zinc-500">{op.status === "queued" ? "waiting" : "counting…"}</span>;
  const share = op.total === 0 ? 1 : op.done / op.total;
  return (
    <div className="min-w-40">
      <div className="h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-valuenow={Math.round(share * 100)} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-accent-600" style={{ width: `${Math.min(100, share * 100)}%` }} />
      </div>
      <div className="mt-1 text-xs text-zinc-500 tabular-nums">
        {op.done.toLocaleString()} / {op.total.toLocaleString()} objects · {formatBytes(op.bytes)}
        {op.failed > 0 ? <span className="text-red-700 dark:text-red-400"> · {op.failed} failed</span> : null}
      </div>
    </div>
  );
}

/** Folder operations and zips, the caller's own or (admins) everyone's; polled while any is running. */
export function OperationsTable({ scope }: { scope: "mine" | "all" }) {
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState<OperationView | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const key = ["files", "operations", scope] as const;
  const query = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<{ items: OperationView[] }>(`/api/files/operations?scope=${scope}&limit=100`),
    refetchInterval: (q) => (q.state.data?.items.some((o) => o.status === "queued" || o.status === "running") ? 2_000 : false),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => apiFetch<OperationView>(`/api/files/operations/${id}/cancel`, { method: "POST" }),
    onSuccess: (op) => {
      setNotice({ tone: "good", text: op.status === "cancelled" ? "Cancelled." : "Stopping after the batch in flight." });
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => setNotice({ tone: "bad", text: error.message }),
    onSettled: () => setCancelling(null),
  });
  return (
    <div className="space-y-4">
      <Notice message={notice} onDismiss={() => setNotice(null)} />
      <Card title={scope === "all" ? "Everyone's folder operations" : "Your folder operations"}>
        {query.isPending ? (
          <LoadingRows rows={5} label="Loading operations" />
        ) : query.isError ? (
          <ErrorState title="Could not load operations" error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.items.length === 0 ? (
          <EmptyState title="No folder operations yet">
            Copies, moves and deletes of more than 10,000 objects, and zips for download, run here as jobs (also through /api/v1/files/operations).
          </EmptyState>
        ) : (
          <div className="-mx-4 -my-4 overflow-x-auto">
            <DataTable headerCell="px-4 py-2" columns={[{ label: "Operation" }, scope === "all" && { label: "By" }, { label: "Status" }, { label: "Progress" }, { label: "Started" }, { label: "Actions", srOnly: true }]}>
              {query.data.items.map((op) => (
                <tr key={op.id}>
                  <td className="max-w-md truncate px-4 py-2" title={what(op)}>
                    {what(op)}
                  </td>
                  {scope === "all" ? <td className="px-4 py-2">{op.user}</td> : null}
                  <td className="px-4 py-2">
                    <Badge tone={statusTone(op.status)} {...(op.error ? { title: op.error } : {})}>
                      {op.cancelRequested && op.status === "running" ? "stopping" : op.status}
                    </Badge>
                  </td>
                  <td className="px-4 py-2">
                    <Progress op={op} />
                  </td>
                  <td className="px-4 py-2 text-zinc-500" title={op.createdAt}>
                    {formatAge(op.createdAt)}
                  </td>
                  <td className="px-4 py-2 text-right whitespace-nowrap">
                    {op.downloadReady ? (
                      <a href={apiPath(`/api/files/operations/${op.id}/download`)} className={buttonClasses("primary", "sm")}>
                        Download zip
                      </a>
                    ) : null}
                    {(op.status === "queued" || op.status === "running") && !op.cancelRequested ? (
                      <Button size="sm" variant="ghost" onClick={() => setCancelling(op)}>
                        Cancel
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </Card>
      <ConfirmDialog
        open={cancelling !== null}
        title="Cancel this operation?"
        confirmLabel="Cancel operation"
        tone="danger"
        busy={cancel.isPending}
        onConfirm={() => cancelling && cancel.mutate(cancelling.id)}
        onCancel={() => setCancelling(null)}
      >
        It stops after the batch in flight. What was already copied, moved or deleted stays so; the counts say how far it got.
      </ConfirmDialog>
    </div>
  );
}
