"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { cancelOperationAction, deleteCollectionAction, retryFailedAction, syncCollectionAction } from "@/app/(console)/search/actions";
import { Badge, statusTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { fromQuery } from "@/components/ui/collection";
import { ErrorState } from "@/components/ui/states";
import { filesHref } from "@/lib/files/paths";
import { formatAge, formatBytes, formatDuration, formatTimestamp } from "@/lib/format/units";
import type { DocumentView } from "@/lib/search/collections";
import { showInFilesHref } from "@/lib/search/links";
import { searchInvalidation, searchQueries, type CollectionDetail } from "@/lib/search/queries";
import { CollectionStateBadge, DocumentStatusBadge } from "./collection-state";
import { OperationProgress } from "./operation-progress";
import { StatusText } from "@/components/ui/notice";

const statuses = ["", "pending", "processing", "indexed", "skipped", "failed"] as const;

/**
 * One collection: settings, live progress of the running operation (polled every 2 s while one runs),
 * the documents with their status and errors, and the operations history; actions by role.
 */
export function CollectionDetailView({ initial, canEdit, canDelete, status }: { initial: CollectionDetail; canEdit: boolean; canDelete: boolean; status: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const collection = useQuery(searchQueries.collection(initial.name, initial));
  const c = collection.data ?? initial;
  const [message, setMessage] = useState<{ tone: "good" | "bad"; text: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [pending, startTransition] = useTransition();

  function run(action: () => Promise<{ ok: true; data: unknown } | { ok: false; error: { message: string } }>, done: string) {
    setMessage(null);
    startTransition(async () => {
      const result = await action();
      setMessage(result.ok ? { tone: "good", text: done } : { tone: "bad", text: result.error.message });
      await searchInvalidation.collectionChanged(queryClient, c.name);
    });
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <CollectionStateBadge state={c.state} />
        <span className="text-sm text-zinc-500">{c.description}</span>
        <div className="ml-auto flex flex-wrap gap-2">
          {canEdit ? (
            <>
              <Button variant="primary" disabled={pending} onClick={() => run(() => syncCollectionAction(c.name), "Sync queued.")}>
                Sync now
              </Button>
              {c.operation ? (
                <Button disabled={pending || c.operation.cancelRequested} onClick={() => run(() => cancelOperationAction(c.name), "Cancelling…")}>
                  {c.operation.cancelRequested ? "Cancelling…" : "Cancel"}
                </Button>
              ) : null}
              {c.counts.failed > 0 ? (
                <Button disabled={pending} onClick={() => run(() => retryFailedAction(c.name), `Retrying ${c.counts.failed} failed documents.`)}>
                  Retry failed ({c.counts.failed})
                </Button>
              ) : null}
              <Link href={`/search/collections/${c.name}/edit`} className={buttonClasses("secondary")}>
                Edit
              </Link>
            </>
          ) : null}
          {canDelete ? (
            <Button variant="danger" disabled={pending} onClick={() => setConfirmDelete(true)}>
              Delete
            </Button>
          ) : null}
        </div>
      </div>
      <StatusText message={message} />

      {c.operation ? <OperationProgress operation={c.operation} /> : null}
      {!c.operation && c.lastOperation?.status === "failed" ? (
        <ErrorState title={`The last ${c.lastOperation.kind} failed`} error={c.lastOperation.error ?? "No reason was recorded."} />
      ) : null}

      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Documents">
          <dl className="grid grid-cols-2 gap-y-1 text-sm">
            {(["total", "indexed", "pending", "processing", "skipped", "failed"] as const).map((k) => (
              <div key={k} className="contents">
                <dt className="text-zinc-500">{k}</dt>
                <dd className="text-right tabular-nums">{c.counts[k].toLocaleString("en")}</dd>
              </div>
            ))}
            <dt className="text-zinc-500">chunks</dt>
            <dd className="text-right tabular-nums">{c.counts.chunks.toLocaleString("en")}</dd>
            <dt className="text-zinc-500">bytes</dt>
            <dd className="text-right tabular-nums">{formatBytes(c.counts.bytes)}</dd>
          </dl>
        </Card>
        <Card title="Sources">
          <ul className="space-y-1 text-sm">
            {c.sources.map((s) => (
              <li key={`${s.bucket}/${s.prefix}`}>
                <Link href={filesHref(s.bucket, s.prefix)} className="font-mono text-xs text-accent-700 hover:underline dark:text-accent-500">
                  s3://{s.bucket}/{s.prefix}
                </Link>
                {s.include.length ? <span className="block text-xs text-zinc-500">only {s.include.join(", ")}</span> : null}
                {s.exclude.length ? <span className="block text-xs text-zinc-500">not {s.exclude.join(", ")}</span> : null}
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Settings">
          <dl className="grid grid-cols-2 gap-y-1 text-sm">
            <dt className="text-zinc-500">model</dt>
            <dd className="text-right font-mono text-xs">
              {c.model.provider}:{c.model.model}
            </dd>
            <dt className="text-zinc-500">dimensions</dt>
            <dd className="text-right tabular-nums">{c.dimensions ?? "—"}</dd>
            <dt className="text-zinc-500">chunking</dt>
            <dd className="text-right">
              {c.chunking.strategy}, {c.chunking.size}/{c.chunking.overlap} tokens
            </dd>
            <dt className="text-zinc-500">schedule</dt>
            <dd className="text-right font-mono text-xs">{c.schedule ?? "on demand"}</dd>
            <dt className="text-zinc-500">owner</dt>
            <dd className="text-right">{c.owner.name}</dd>
            <dt className="text-zinc-500">last sync</dt>
            <dd className="text-right" title={c.lastSyncAt ? formatTimestamp(c.lastSyncAt) : undefined}>
              {c.lastSyncAt ? formatAge(c.lastSyncAt) : "never"}
            </dd>
          </dl>
        </Card>
      </div>

      <DocumentsTable name={c.name} counts={c.counts} status={status} version={`${c.lastOperation?.id}:${c.operation?.docsDone ?? "idle"}`} onStatus={(s) => router.replace(s ? `?status=${s}` : "?", { scroll: false })} />

      <Card title="Operations">
        <DataTable rows={c.operations} rowKey={(o) => String(o.id)} empty={<p className="text-sm text-zinc-500">No sync has run yet.</p>} columns={operationColumns} />
      </Card>

      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${c.name}?`}
        confirmLabel="Delete collection"
        tone="danger"
        busy={pending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() =>
          startTransition(async () => {
            const result = await deleteCollectionAction(c.name);
            if (!result.ok) {
              setConfirmDelete(false);
              setMessage({ tone: "bad", text: result.error.message });
              return;
            }
            router.push("/search/collections");
            router.refresh();
          })
        }
      >
        Its index ({c.counts.chunks.toLocaleString("en")} chunks) and history are deleted. The files in the buckets stay where they are.
      </ConfirmDialog>
    </div>
  );
}

type Operation = CollectionDetail["operations"][number];

const operationColumns: DataColumn<Operation>[] = [
  {
    id: "operation",
    header: "Operation",
    cell: (o) => (
      <>
        {o.kind} <span className="text-xs text-zinc-500">#{o.id} · {o.trigger}</span>
      </>
    ),
  },
  {
    id: "status",
    header: "Status",
    cell: (o) => (
      <>
        <Badge tone={statusTone(o.status)}>{o.status}</Badge>
        {o.error ? <span className="mt-1 block max-w-md text-xs text-red-700 dark:text-red-400">{o.error}</span> : null}
      </>
    ),
  },
  {
    id: "documents",
    header: "Documents",
    align: "right",
    className: "px-3 py-2 text-xs",
    cell: (o) => `${o.docsIndexed} indexed · ${o.docsFailed} failed · ${o.docsSkipped} skipped · ${o.docsRemoved} removed`,
  },
  { id: "chunks", header: "Chunks", align: "right", cell: (o) => o.chunks },
  { id: "by", header: "By", className: "px-3 py-2 text-xs", cell: (o) => o.requestedBy ?? "schedule" },
  { id: "started", header: "Started", className: "px-3 py-2 text-xs text-zinc-500", cell: (o) => <span title={formatTimestamp(o.createdAt)}>{formatAge(o.createdAt)}</span> },
  {
    id: "took",
    header: "Took",
    className: "px-3 py-2 text-xs tabular-nums",
    cell: (o) => (o.startedAt && o.finishedAt ? formatDuration(Date.parse(o.finishedAt) - Date.parse(o.startedAt)) : "—"),
  },
];

const documentColumns: DataColumn<DocumentView>[] = [
  {
    id: "document",
    header: "Document",
    className: "max-w-lg px-3 py-2",
    cell: (d) => (
      <>
        <Link href={showInFilesHref(d.bucket, d.key)} className="block truncate font-mono text-xs text-accent-700 hover:underline dark:text-accent-500" title={`s3://${d.bucket}/${d.key}`}>
          {d.key}
        </Link>
        {d.title && d.title !== d.key.slice(d.key.lastIndexOf("/") + 1) ? <span className="block truncate text-xs text-zinc-500">{d.title}</span> : null}
        {d.error ? <span className="mt-0.5 block text-xs text-red-700 dark:text-red-400">{d.error}</span> : null}
      </>
    ),
  },
  { id: "status", header: "Status", cell: (d) => <DocumentStatusBadge status={d.status} /> },
  { id: "attempts", header: "Attempts", align: "right", cell: (d) => d.attempts },
  { id: "chunks", header: "Chunks", align: "right", cell: (d) => d.chunks },
  { id: "size", header: "Size", align: "right", cell: (d) => formatBytes(d.size) },
  { id: "modified", header: "Modified", className: "px-3 py-2 text-xs text-zinc-500", cell: (d) => (d.modifiedAt ? formatAge(d.modifiedAt) : "—") },
];

function DocumentsTable({
  name,
  counts,
  status,
  version,
  onStatus,
}: {
  name: string;
  counts: CollectionDetail["counts"];
  status: string;
  version: string;
  onStatus: (status: string) => void;
}) {
  const documents = useInfiniteQuery(searchQueries.documents(name, status));
  const queryClient = useQueryClient();
  // Refresh the lists whenever progress moves, so statuses change while a sync runs.
  useEffect(() => {
    void searchInvalidation.progressMoved(queryClient, name);
  }, [version, name, queryClient]);
  const rows = documents.data?.pages.flatMap((p) => p.documents) ?? [];
  return (
    <Card title="Documents in this collection">
      <div role="tablist" aria-label="Filter by status" className="mb-3 flex flex-wrap gap-1">
        {statuses.map((s) => (
          <button
            key={s || "all"}
            role="tab"
            aria-selected={status === s}
            onClick={() => onStatus(s)}
            className={`rounded-full px-3 py-1 text-xs ${status === s ? "bg-accent-600 text-white" : "bg-zinc-100 text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300"}`}
          >
            {s || "all"} ({(s ? counts[s] : counts.total).toLocaleString("en")})
          </button>
        ))}
      </div>
      <DataTable
        {...fromQuery(documents, () => rows)}
        rowKey={(d) => String(d.id)}
        errorTitle="Could not load the documents"
        loadingLabel="Loading documents"
        placeholderRows={4}
        empty={{ title: status ? `No ${status} documents` : "No documents yet", children: status ? null : "Documents appear here as the first sync lists the sources." }}
        rowTestId="document-row"
        columns={documentColumns}
        footer={
          documents.hasNextPage ? (
            <Button size="sm" className="mt-3" disabled={documents.isFetchingNextPage} onClick={() => void documents.fetchNextPage()}>
              {documents.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          ) : null
        }
      />
    </Card>
  );
}
