"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { parentPrefix } from "@/lib/files/names";
import { filesHref } from "@/lib/files/paths";
import { filesApi, filesInvalidation, filesQueries } from "@/lib/files/queries";
import type { ShareLinkView } from "@/lib/files/share-links";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { fromQuery } from "@/components/ui/collection";
import { formatAge } from "@/lib/format/units";
import { linkStateFilters, type LinkStateFilter } from "@/lib/files/share-link-filters";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { Notice, type NoticeMessage } from "@/components/ui/notice";

const filterLabels: Record<LinkStateFilter, string> = { any: "All", active: "Active", inactive: "Revoked, expired, used up" };

const stateTones: Record<ShareLinkView["state"], Tone> = { active: "good", expired: "neutral", revoked: "warn", exhausted: "neutral" };

function Accesses({ id }: { id: string }) {
  const query = useQuery(filesQueries.linkAccesses(id));
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

const cell = "px-4 py-2";

function columns(scope: "mine" | "all", open: string | null, setOpen: (id: string | null) => void, onRevoke: (link: ShareLinkView) => void): (DataColumn<ShareLinkView> | false)[] {
  return [
    {
      id: "file",
      header: "File",
      className: `max-w-xs truncate ${cell}`,
      cell: (link) => (
        <div title={`s3://${link.bucket}/${link.key}`}>
          <Link href={filesHref(link.bucket, parentPrefix(link.key), { object: link.key })} className="hover:underline">
            {link.filename}
          </Link>
          <div className="truncate text-xs text-zinc-500">
            {link.bucket}/{link.key} · created {formatAge(link.createdAt)}
          </div>
        </div>
      ),
    },
    scope === "all" && { id: "createdBy", header: "Created by", className: cell, cell: (link) => link.createdBy },
    { id: "state", header: "State", className: cell, cell: (link) => <Badge tone={stateTones[link.state]}>{link.state}</Badge> },
    { id: "downloads", header: "Downloads", align: "right", className: cell, cell: (link) => `${link.downloads}${link.maxDownloads ? ` / ${link.maxDownloads}` : ""}` },
    {
      id: "expires",
      header: "Expires",
      className: `${cell} text-zinc-600 dark:text-zinc-400`,
      cell: (link) => <span title={link.expiresAt}>{new Date(link.expiresAt).toLocaleString()}</span>,
    },
    {
      id: "note",
      header: "Note",
      className: `max-w-[12rem] truncate ${cell} text-zinc-600 dark:text-zinc-400`,
      cell: (link) => <span title={link.note ?? ""}>{link.note ?? ""}</span>,
    },
    {
      id: "actions",
      header: "Actions",
      srOnlyHeader: true,
      className: `${cell} text-right whitespace-nowrap`,
      cell: (link) => (
        <>
          <Button size="sm" variant="ghost" onClick={() => setOpen(open === link.id ? null : link.id)} aria-expanded={open === link.id}>
            Accesses
          </Button>
          {link.state === "active" ? (
            <Button size="sm" variant="ghost" onClick={() => onRevoke(link)}>
              Revoke
            </Button>
          ) : null}
        </>
      ),
    },
  ];
}

/** Share links with their state and use; revocable by their creator (or any admin, who sees everyone's). */
export function ShareLinksTable({ scope, state }: { scope: "mine" | "all"; state: LinkStateFilter }) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [revoking, setRevoking] = useState<ShareLinkView | null>(null);
  const [cleaning, setCleaning] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const query = useQuery(filesQueries.links(scope, state));
  const cleanUp = useMutation({
    mutationFn: () => filesApi.cleanUpShareLinks(scope),
    onSuccess: ({ deleted }) => {
      setNotice({ tone: "good", text: deleted === 0 ? "There were no inactive links to remove." : `${deleted} inactive link${deleted === 1 ? "" : "s"} removed, with their access logs.` });
      void filesInvalidation.linksChanged(queryClient);
    },
    onError: (error) => setNotice({ tone: "bad", text: error.message }),
    onSettled: () => setCleaning(false),
  });
  const revoke = useMutation({
    mutationFn: filesApi.revokeShareLink,
    onSuccess: (link) => {
      setNotice({ tone: "good", text: `Link to ${link.filename} revoked; it now answers 410 Gone.` });
      void filesInvalidation.linksChanged(queryClient);
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
        <DataTable
          frameClassName="-mx-4 -my-4 overflow-x-auto"
          {...fromQuery(query, (d) => d.links)}
          rowKey={(link) => link.id}
          errorTitle="Could not load share links"
          loadingLabel="Loading share links"
          empty={
            state === "any"
              ? { title: "No share links yet", children: "Open a file in the file browser and choose “Share link…”." }
              : state === "active"
                ? { title: "No active links", children: "Every link is revoked, expired or used up." }
                : { title: "No inactive links", children: "Nothing revoked, expired or used up is left." }
          }
          headerCell="px-4 py-2"
          rowTestId="share-link-row"
          rowClassName={() => ""}
          expansion={(link) => (open === link.id ? <Accesses id={link.id} /> : null)}
          columns={columns(scope, open, setOpen, setRevoking)}
        />
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
