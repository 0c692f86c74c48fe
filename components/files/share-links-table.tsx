"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useState } from "react";
import type { ShareLinkAccessView, ShareLinkView } from "@/lib/files/share-links";
import { parentPrefix } from "@/lib/files/names";
import { filesHref } from "@/lib/files/paths";
import { apiFetch } from "@/lib/http/api-fetch";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatAge } from "@/lib/format/units";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Notice, type NoticeMessage } from "./notice";
import { DataTable } from "@/components/ui/data-table";

export const linkStateFilters = ["any", "active", "inactive"] as const;
export type LinkStateFilter = (typeof linkStateFilters)[number];
const filterLabels: Record<LinkStateFilter, string> = { any: "All", active: "Active", inactive: "Revoked, expired, used up" };

const stateTones: Record<ShareLinkView["state"], Tone> = { active: "good", expired: "neutral", revoked: "warn", exhausted: "neutral" };

function Accesses({ id }: { id: string }) {
  const query = useQuery({ queryKey: ["files", "link-accesses", id], queryFn: () => apiFetch<{ accesses: ShareLinkAccessView[] }>(`/api/files/links/${id}`) });
  if (query.isPending) return <LoadingRows rows={2} label="Loading accesses" />;
  if (query.isError) return <ErrorState error={query.error} />;
  if (query.data.accesses.length === 0) return <p className="text-xs text-zinc-500">Nobody has opened this link yet.</p>;
  return (
    <ul className="space-y-0.5 text-xs">
      {query.data.accesses.map((a, i) => (
        <li key={i} className="flex flex-wrap gap-x-3">
          <span title={a.at}>{new Date(a.at).toLocaleString()}</span>
          <span className={a.outcome === "redirected" ? "text-emerald-700 dark:text-emerald-400" : "text-amber-700 dark:text-amber-400"}>
            {a.outcome === "redirected" ? "downloaded" : `refused (${a.outcome.replace("_", " ")})`}
          </span>
          <span className="text-zinc-500">{a.ip ?? "unknown address"}</span>
          <span className="max-w-md truncate text-zinc-500" title={a.userAgent ?? ""}>
            {a.userAgent ?? ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Share links with their state and use; revocable by their creator (or any admin, who sees everyone's). */
export function ShareLinksTable({ scope, state }: { scope: "mine" | "all"; state: LinkStateFilter }) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [revoking, setRevoking] = useState<ShareLinkView | null>(null);
  const [cleaning, setCleaning] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["files", "links", scope, state],
    queryFn: () => apiFetch<{ links: ShareLinkView[] }>(`/api/files/links?${new URLSearchParams({ scope, state, limit: "200" })}`),
  });
  const cleanUp = useMutation({
    mutationFn: () => apiFetch<{ deleted: number }>(`/api/files/links?scope=${scope}`, { method: "DELETE" }),
    onSuccess: ({ deleted }) => {
      setNotice({ tone: "good", text: deleted === 0 ? "There were no inactive links to remove." : `${deleted} inactive link${deleted === 1 ? "" : "s"} removed, with their access logs.` });
      void queryClient.invalidateQueries({ queryKey: ["files", "links"] });
    },
    onError: (error) => setNotice({ tone: "bad", text: error.message }),
    onSettled: () => setCleaning(false),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch<ShareLinkView>(`/api/files/links/${id}`, { method: "DELETE" }),
    onSuccess: (link) => {
      setNotice({ tone: "good", text: `Link to ${link.filename} revoked; it now answers 410 Gone.` });
      void queryClient.invalidateQueries({ queryKey: ["files", "links"] });
    },
    onError: (error) => setNotice({ tone: "bad", text: error.message }),
    onSettled: () => setRevoking(null),
  });
  return (
    <div className="space-y-4">
      <Notice message={notice} onDismiss={() => setNotice(null)} />
      <Card
        title={scope === "all" ? "Everyone's share links" : "Your share links"}
        actions={
          <>
            <nav aria-label="Filter links by state" className="inline-flex gap-1 rounded-md bg-zinc-100 p-0.5 text-sm dark:bg-zinc-900">
              {linkStateFilters.map((f) => (
                <Link
                  key={f}
                  href={`/links?${new URLSearchParams({ ...(scope === "all" ? { scope } : {}), ...(f === "any" ? {} : { state: f }) })}`}
                  aria-current={state === f ? "page" : undefined}
                  className={`rounded px-2 py-1 ${state === f ? "bg-white font-medium shadow-xs dark:bg-zinc-800" : "text-zinc-600 dark:text-zinc-400"}`}
                >
                  {filterLabels[f]}
                </Link>
              ))}
            </nav>
            <Button size="sm" onClick={() => setCleaning(true)} disabled={cleanUp.isPending}>
              Clean up inactive
            </Button>
          </>
        }
      >
        {query.isPending ? (
          <LoadingRows rows={5} label="Loading share links" />
        ) : query.isError ? (
          <ErrorState title="Could not load share links" error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.links.length === 0 ? (
          state === "any" ? (
            <EmptyState title="No share links yet">Open a file in the file browser and choose “Share link…”.</EmptyState>
          ) : (
            <EmptyState title={state === "active" ? "No active links" : "No inactive links"}>
              {state === "active" ? "Every link is revoked, expired or used up." : "Nothing revoked, expired or used up is left."}
            </EmptyState>
          )
        ) : (
          <div className="-mx-4 -my-4 overflow-x-auto">
            <DataTable headerCell="px-4 py-2" columns={[{ label: "File" }, scope === "all" && { label: "Created by" }, { label: "State" }, { label: "Downloads", align: "right" }, { label: "Expires" }, { label: "Note" }, { label: "Actions", srOnly: true }]}>
                {query.data.links.map((link) => (
                  <Fragment key={link.id}>
                    <tr data-testid="share-link-row">
                      <td className="max-w-xs truncate px-4 py-2" title={`s3://${link.bucket}/${link.key}`}>
                        <Link href={filesHref(link.bucket, parentPrefix(link.key), { object: link.key })} className="hover:underline">
                          {link.filename}
                        </Link>
                        <div className="truncate text-xs text-zinc-500">
                          {link.bucket}/{link.key} · created {formatAge(link.createdAt)}
                        </div>
                      </td>
                      {scope === "all" ? <td className="px-4 py-2">{link.createdBy}</td> : null}
                      <td className="px-4 py-2">
                        <Badge tone={stateTones[link.state]}>{link.state}</Badge>
                      </td>
                      <td className="px-4 py-2 text-right tabular-nums">
                        {link.downloads}
                        {link.maxDownloads ? ` / ${link.maxDownloads}` : ""}
                      </td>
                      <td className="px-4 py-2 text-zinc-600 dark:text-zinc-400" title={link.expiresAt}>
                        {new Date(link.expiresAt).toLocaleString()}
                      </td>
                      <td className="max-w-[12rem] truncate px-4 py-2 text-zinc-600 dark:text-zinc-400" title={link.note ?? ""}>
                        {link.note ?? ""}
                      </td>
                      <td className="px-4 py-2 text-right whitespace-nowrap">
                        <Button size="sm" variant="ghost" onClick={() => setOpen(open === link.id ? null : link.id)} aria-expanded={open === link.id}>
                          Accesses
                        </Button>
                        {link.state === "active" ? (
                          <Button size="sm" variant="ghost" onClick={() => setRevoking(link)}>
                            Revoke
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                    {open === link.id ? (
                      <tr>
                        <td colSpan={scope === "all" ? 7 : 6} className="bg-zinc-50 px-4 py-2 dark:bg-zinc-950">
                          <Accesses id={link.id} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </DataTable>
          </div>
        )}
      </Card>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this link?"
        confirmLabel="Revoke"
        tone="danger"
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onCancel={() => setRevoking(null)}
      >
        Anyone opening the link to {revoking?.filename} will get “410 Gone” from now on. The file itself is not touched.
      </ConfirmDialog>
      <ConfirmDialog
        open={cleaning}
        title={scope === "all" ? "Remove everyone's inactive links?" : "Remove your inactive links?"}
        confirmLabel="Remove inactive links"
        tone="danger"
        busy={cleanUp.isPending}
        onConfirm={() => cleanUp.mutate()}
        onCancel={() => setCleaning(false)}
      >
        Links that are revoked, expired or used up are deleted with their access logs (the audit log keeps their creation and
        revocation). They already answer 410; active links are not touched.
      </ConfirmDialog>
    </div>
  );
}
