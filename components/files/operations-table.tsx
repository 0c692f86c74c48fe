"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { OperationView } from "@/lib/files/operation-schemas";
import { filesApi, filesInvalidation, filesQueries, operationDownloadHref } from "@/lib/files/queries";
import { Badge, statusTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { fromQuery } from "@/components/ui/collection";
import { formatAge, formatBytes } from "@/lib/format/units";
import { Notice, type NoticeMessage } from "@/components/ui/notice";

const verbs = { copy: "Copy", move: "Move", delete: "Delete", zip: "Zip" } as const;

export function what(op: OperationView): string {
  const first = op.items[0];
  const more = op.itemCount > 1 ? ` and ${op.itemCount - 1} more` : "";
  const source = `${op.sourceBucket}/${first?.source ?? ""}${more}`;
  if (op.kind === "copy" || op.kind === "move") return `${verbs[op.kind]} ${source} → ${op.destinationBucket}/${first?.destination ?? ""}`;
  return `${verbs[op.kind]} ${source}`;
}

export const active = (op: OperationView) => op.status === "queued" || op.status === "running";

/** The operation's status; a running one asked to cancel reads "stopping" (it ends after the batch in flight). */
export function OperationStatus({ op }: { op: OperationView }) {
  return (
    <Badge tone={statusTone(op.status)} {...(op.error ? { title: op.error } : {})}>
      {op.cancelRequested && op.status === "running" ? "stopping" : op.status}
    </Badge>
  );
}

/**
 * The confirmation before cancelling an operation, and the request: open while `operation` is set; every
 * operations view is refreshed afterwards, whatever the answer.
 */
export function CancelOperationDialog({
  operation,
  onClose,
  onCancelled,
  onFailed,
}: {
  operation: OperationView | null;
  onClose(): void;
  onCancelled(op: OperationView): void;
  onFailed(error: Error): void;
}) {
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: filesApi.cancelOperation,
    onSuccess: onCancelled,
    onError: onFailed,
    onSettled: () => {
      onClose();
      void filesInvalidation.operationsChanged(queryClient);
    },
  });
  return (
    <ConfirmDialog
      open={operation !== null}
      title="Cancel this operation?"
      confirmLabel="Cancel operation"
      tone="danger"
      busy={cancel.isPending}
      onConfirm={() => operation && cancel.mutate(operation.id)}
      onCancel={onClose}
    >
      It stops after the batch in flight. What was already copied, moved or deleted stays so; the counts say how far it got.
    </ConfirmDialog>
  );
}

/** What can be done with an operation: download a finished zip, ask a running one to stop. */
export function OperationActions({ op, onCancel }: { op: OperationView; onCancel(op: OperationView): void }) {
  return (
    <>
      {op.downloadReady ? (
        <a href={operationDownloadHref(op.id)} className={buttonClasses("primary", "sm")}>
          Download zip
        </a>
      ) : null}
      {active(op) && !op.cancelRequested ? (
        <Button size="sm" variant="ghost" onClick={() => onCancel(op)}>
          Cancel
        </Button>
      ) : null}
    </>
  );
}

export function Progress({ op }: { op: OperationView }) {
  if (op.status === "queued") return <span className="text-zinc-500">waiting</span>;
  if (op.total === null) return <span className="text-zinc-500 tabular-nums">{op.done.toLocaleString()} objects so far · counting…</span>;
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

const cell = "px-4 py-2";

function operationColumns(scope: "mine" | "all", onCancel: (op: OperationView) => void): (DataColumn<OperationView> | false)[] {
  return [
    { id: "what", header: "Operation", className: `max-w-md truncate ${cell}`, cell: (op) => <span title={what(op)}>{what(op)}</span> },
    scope === "all" && { id: "user", header: "By", className: cell, cell: (op) => op.user },
    {
      id: "status",
      header: "Status",
      className: cell,
      cell: (op) => <OperationStatus op={op} />,
    },
    { id: "progress", header: "Progress", className: cell, cell: (op) => <Progress op={op} /> },
    { id: "started", header: "Started", className: `${cell} text-zinc-500`, cell: (op) => <span title={op.createdAt}>{formatAge(op.createdAt)}</span> },
    {
      id: "actions",
      header: "Actions",
      srOnlyHeader: true,
      className: `${cell} text-right whitespace-nowrap`,
      cell: (op) => <OperationActions op={op} onCancel={onCancel} />,
    },
  ];
}

/** Folder operations and zips, the caller's own or (admins) everyone's; polled while any is running. */
export function OperationsTable({ scope }: { scope: "mine" | "all" }) {
  const [cancelling, setCancelling] = useState<OperationView | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const query = useQuery(filesQueries.operations(scope));
  return (
    <div className="space-y-4">
      <Notice message={notice} onDismiss={() => setNotice(null)} />
      <Card title={scope === "all" ? "Everyone's folder operations" : "Your folder operations"}>
        <DataTable
          frameClassName="-mx-4 -my-4 overflow-x-auto"
          {...fromQuery(query, (d) => d.items)}
          rowKey={(op) => op.id}
          errorTitle="Could not load operations"
          loadingLabel="Loading operations"
          empty={{
            title: "No folder operations yet",
            children: "Copies, moves and deletes of more than 10,000 objects, and zips for download, run here as jobs (also through /api/v1/files/operations).",
          }}
          headerCell="px-4 py-2"
          columns={operationColumns(scope, setCancelling)}
        />
      </Card>
      <CancelOperationDialog
        operation={cancelling}
        onClose={() => setCancelling(null)}
        onCancelled={(op) => setNotice({ tone: "good", text: op.status === "cancelled" ? "Cancelled." : "Stopping after the batch in flight." })}
        onFailed={(error) => setNotice({ tone: "bad", text: error.message })}
      />
    </div>
  );
}
