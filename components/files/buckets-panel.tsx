"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { BucketSummary } from "@/lib/files/buckets";
import { bucketNameProblem } from "@/lib/files/names";
import { filesHref } from "@/lib/files/paths";
import { filesApi, filesInvalidation, filesQueries } from "@/lib/files/queries";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, Field, inputClasses } from "@/components/ui/dialog";
import { formatAge, formatBytes } from "@/lib/format/units";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { fromQuery } from "@/components/ui/collection";

const cell = "px-4 py-2";

const columns: DataColumn<BucketSummary>[] = [
  {
    id: "name",
    header: "Name",
    className: `${cell} font-medium`,
    cell: (b) => (
      <Link href={filesHref(b.name)} className="text-accent-700 hover:underline dark:text-accent-100">
        {b.name}
      </Link>
    ),
  },
  {
    id: "disk",
    header: "Disk",
    className: cell,
    cell: (b) =>
      b.diskType ? (
        <Badge tone={b.diskType === "ssd" ? "good" : "neutral"} title="Disk type the store places this bucket's data on">
          <span data-testid={`disk-${b.name}`}>{b.diskType}</span>
        </Badge>
      ) : (
        "—"
      ),
  },
  { id: "created", header: "Created", className: `${cell} text-zinc-600 dark:text-zinc-400`, cell: (b) => (b.createdAt ? new Date(b.createdAt).toLocaleString() : "—") },
  { id: "objects", header: "Objects", align: "right", className: cell, cell: (b) => (b.usage ? b.usage.objects.toLocaleString() : "—") },
  { id: "size", header: "Size", align: "right", className: cell, cell: (b) => (b.usage ? formatBytes(b.usage.bytes) : "—") },
  {
    id: "counted",
    header: "Counted",
    className: `${cell} text-zinc-500`,
    cell: (b) => <span title={b.usage?.computedAt}>{b.usage ? formatAge(b.usage.computedAt) : "not yet"}</span>,
  },
];

function actionsColumn(onDelete: (name: string) => void): DataColumn<BucketSummary> {
  return {
    id: "actions",
    header: "Actions",
    srOnlyHeader: true,
    className: `${cell} text-right`,
    cell: (b) => (
      <span className="whitespace-nowrap">
        <Link href={filesHref(b.name, "", { view: "settings" })} className={buttonClasses("ghost", "sm")} aria-label={`Settings of bucket ${b.name}`}>
          Settings
        </Link>
        <Button size="sm" variant="ghost" onClick={() => onDelete(b.name)} aria-label={`Delete bucket ${b.name}`}>
          Delete
        </Button>
      </span>
    ),
  };
}

export function BucketsPanel({ isAdmin }: { isAdmin: boolean }) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [deleting, setDeleting] = useState<string | null>(null);
  const query = useQuery(filesQueries.buckets());

  const create = useMutation({
    mutationFn: filesApi.createBucket,
    onSuccess: ({ name: created }) => {
      setCreating(false);
      setName("");
      setNotice({ tone: "good", text: `Bucket ${created} created.` });
      void filesInvalidation.bucketsChanged(queryClient);
    },
  });
  const remove = useMutation({
    mutationFn: filesApi.deleteBucket,
    onSuccess: ({ name: removed }) => {
      setNotice({ tone: "good", text: `Bucket ${removed} deleted.` });
      void filesInvalidation.bucketsChanged(queryClient);
    },
    onError: (error) => setNotice({ tone: "bad", text: error.message }),
    onSettled: () => setDeleting(null),
  });
  const refresh = useMutation({
    mutationFn: filesApi.refreshUsage,
    onSuccess: () => setNotice({ tone: "good", text: "Recount queued; the figures update when the worker has listed every bucket." }),
    onError: (error) => setNotice({ tone: "bad", text: error.message }),
  });

  const nameProblem = name === "" ? null : bucketNameProblem(name);
  const actions = isAdmin ? (
    <>
      <Button size="sm" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
        Recount usage
      </Button>
      <Button size="sm" variant="primary" onClick={() => setCreating(true)}>
        Create bucket
      </Button>
    </>
  ) : null;

  return (
    <div className="space-y-4">
      <Notice message={notice} onDismiss={() => setNotice(null)} />
      <Card title="Buckets" actions={actions}>
        <DataTable
          frameClassName="-mx-4 -my-4 overflow-x-auto"
          {...fromQuery(query, (d) => d.buckets)}
          rowKey={(b) => b.name}
          errorTitle="Could not list buckets"
          loadingLabel="Loading buckets"
          placeholderRows={6}
          empty={{
            title: "No buckets yet",
            children: isAdmin ? "Create one, or start the worker: it creates the configured default buckets." : "An admin creates buckets.",
          }}
          headerCell="px-4 py-2"
          rowClassName={() => "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}
          columns={[...columns, isAdmin && actionsColumn(setDeleting)]}
        />
      </Card>

      <Dialog
        open={creating}
        title="Create a bucket"
        description="Bucket names are global to the store and cannot be changed later."
        submitLabel="Create"
        busy={create.isPending}
        submitDisabled={name === "" || nameProblem !== null}
        onSubmit={() => create.mutate(name)}
        onClose={() => {
          setCreating(false);
          create.reset();
        }}
      >
        <Field id="bucket-name" label="Name" hint="3–63 characters: lowercase letters, digits, dots and hyphens." error={nameProblem ?? create.error?.message ?? null}>
          <input
            id="bucket-name"
            className={inputClasses}
            value={name}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setName(e.target.value.trim())}
            aria-invalid={nameProblem !== null}
          />
        </Field>
      </Dialog>

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete bucket ${deleting ?? ""}?`}
        confirmLabel="Delete bucket"
        tone="danger"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => setDeleting(null)}
      >
        Only an empty bucket can be deleted; if it still holds objects you will be told, and nothing is removed.
      </ConfirmDialog>
    </div>
  );
}
