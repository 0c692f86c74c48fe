"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { BucketSummary } from "@/lib/files/buckets";
import { bucketNameProblem } from "@/lib/files/names";
import { filesHref } from "@/lib/files/paths";
import { apiFetch } from "@/lib/http/api-fetch";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, Field, inputClasses } from "@/components/ui/dialog";
import { formatAge, formatBytes } from "@/lib/format/units";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Notice, type NoticeMessage } from "./notice";
import { DataTable } from "@/components/ui/data-table";

const bucketsKey = ["files", "buckets"] as const;

export function BucketsPanel({ isAdmin }: { isAdmin: boolean }) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [deleting, setDeleting] = useState<string | null>(null);
  const query = useQuery({ queryKey: bucketsKey, queryFn: () => apiFetch<{ buckets: BucketSummary[] }>("/api/files/buckets") });

  const create = useMutation({
    mutationFn: (bucket: string) => apiFetch<{ name: string }>("/api/files/buckets", { method: "POST", json: { name: bucket } }),
    onSuccess: ({ name: created }) => {
      setCreating(false);
      setName("");
      setNotice({ tone: "good", text: `Bucket ${created} created.` });
      void queryClient.invalidateQueries({ queryKey: bucketsKey });
    },
  });
  const remove = useMutation({
    mutationFn: (bucket: string) => apiFetch<{ name: string }>(`/api/files/buckets/${encodeURIComponent(bucket)}`, { method: "DELETE" }),
    onSuccess: ({ name: removed }) => {
      setNotice({ tone: "good", text: `Bucket ${removed} deleted.` });
      void queryClient.invalidateQueries({ queryKey: bucketsKey });
    },
    onError: (error) => setNotice({ tone: "bad", text: error.message }),
    onSettled: () => setDeleting(null),
  });
  const refresh = useMutation({
    mutationFn: () => apiFetch<{ queuedId: string }>("/api/files/usage", { method: "POST" }),
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
        {query.isPending ? (
          <LoadingRows rows={6} label="Loading buckets" />
        ) : query.isError ? (
          <ErrorState title="Could not list buckets" error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.buckets.length === 0 ? (
          <EmptyState title="No buckets yet">
            {isAdmin ? "Create one, or start the worker: it creates the configured default buckets." : "An admin creates buckets."}
          </EmptyState>
        ) : (
          <div className="-mx-4 -my-4 overflow-x-auto">
            <DataTable headerCell="px-4 py-2" columns={[{ label: "Name" }, { label: "Created" }, { label: "Objects", align: "right" }, { label: "Size", align: "right" }, { label: "Counted" }, isAdmin && { label: "Actions", srOnly: true }]}>
                {query.data.buckets.map((b) => (
                  <tr key={b.name} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                    <td className="px-4 py-2 font-medium">
                      <Link href={filesHref(b.name)} className="text-accent-700 hover:underline dark:text-accent-100">
                        {b.name}
                      </Link>
                    </td>
                    <td className="px-4 py-2 text-zinc-600 dark:text-zinc-400">{b.createdAt ? new Date(b.createdAt).toLocaleString() : "—"}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{b.usage ? b.usage.objects.toLocaleString() : "—"}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{b.usage ? formatBytes(b.usage.bytes) : "—"}</td>
                    <td className="px-4 py-2 text-zinc-500" title={b.usage?.computedAt}>
                      {b.usage ? formatAge(b.usage.computedAt) : "not yet"}
                    </td>
                    {isAdmin ? (
                      <td className="px-4 py-2 text-right whitespace-nowrap">
                        <Link href={filesHref(b.name, "", { view: "settings" })} className={buttonClasses("ghost", "sm")} aria-label={`Settings of bucket ${b.name}`}>
                          Settings
                        </Link>
                        <Button size="sm" variant="ghost" onClick={() => setDeleting(b.name)} aria-label={`Delete bucket ${b.name}`}>
                          Delete
                        </Button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </DataTable>
          </div>
        )}
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
