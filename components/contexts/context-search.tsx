"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { contextSearchParams, contextsQueries, type ContextSearchFilters } from "@/lib/contexts/queries";
import type { ContextSummary } from "@/lib/contexts/schemas";
import { Button } from "@/components/ui/button";
import { formatAge, formatBytes, formatTimestamp } from "@/lib/format/units";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { fromQuery } from "@/components/ui/collection";
import { TierBadge } from "./tier-badge";

export type SearchFormValues = ContextSearchFilters;

const inputClass =
  "h-9 w-full rounded-md border border-zinc-300 bg-white px-2.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

function columns(isAdmin: boolean): (DataColumn<ContextSummary> | false)[] {
  return [
    {
      id: "conversation",
      header: "Conversation",
      className: "max-w-md px-3 py-2",
      cell: (c) => (
        <>
          <Link href={`/contexts/users/${encodeURIComponent(c.userId)}/${encodeURIComponent(c.conversationId)}`} className="block truncate font-medium text-accent-700 hover:underline dark:text-accent-500">
            {c.title || c.conversationId}
          </Link>
          <span className="block truncate font-mono text-xs text-zinc-500">{c.conversationId}</span>
        </>
      ),
    },
    isAdmin && { id: "user", header: "User", className: "max-w-48 truncate px-3 py-2 font-mono text-xs", cell: (c) => c.userId },
    { id: "tier", header: "Tier", cell: (c) => <TierBadge tier={c.tier} /> },
    { id: "messages", header: "Messages", align: "right", cell: (c) => c.messageCount },
    { id: "size", header: "Size", align: "right", cell: (c) => formatBytes(c.bytes) },
    { id: "updated", header: "Updated", className: "px-3 py-2 whitespace-nowrap", cell: (c) => <span title={formatTimestamp(c.updatedAt)}>{formatAge(c.updatedAt)}</span> },
  ];
}

/** Search form whose values live in the URL (shareable), and a keyset-paged result list. */
export function ContextSearch({ filters, isAdmin }: { filters: SearchFormValues; isAdmin: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const [form, setForm] = useState(filters);
  const key = contextSearchParams(filters);
  const results = useInfiniteQuery(contextsQueries.search(filters));

  function submit(event: FormEvent) {
    event.preventDefault();
    const qs = contextSearchParams(form);
    router.replace(qs ? `${pathname}?${qs}` : pathname);
  }

  const set = (name: keyof SearchFormValues) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-4">
      <form onSubmit={submit} role="search" aria-label="Search contexts" className="grid gap-3 rounded-lg border border-zinc-200 bg-white p-4 md:grid-cols-6 dark:border-zinc-800 dark:bg-zinc-900">
        <label className="text-sm md:col-span-2">
          <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Words in messages</span>
          <input name="text" value={form.text} onChange={set("text")} placeholder='e.g. quokka "migration plan"' className={inputClass} autoFocus />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Title contains</span>
          <input name="title" value={form.title} onChange={set("title")} className={inputClass} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Conversation id starts with</span>
          <input name="conversation" value={form.conversation} onChange={set("conversation")} className={inputClass} />
        </label>
        {isAdmin ? (
          <label className="text-sm">
            <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">User id</span>
            <input name="user" value={form.user} onChange={set("user")} className={inputClass} />
          </label>
        ) : null}
        <label className="text-sm">
          <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Tier</span>
          <select name="tier" value={form.tier} onChange={set("tier")} className={inputClass}>
            <option value="">warm and cold</option>
            <option value="warm">warm (hot included)</option>
            <option value="cold">cold</option>
          </select>
        </label>
        <div className="flex items-end gap-2 md:col-span-6">
          <Button type="submit" variant="primary">
            Search
          </Button>
          <Button
            onClick={() => {
              setForm({ text: "", title: "", conversation: "", user: "", tier: "" });
              router.replace(pathname);
            }}
          >
            Clear
          </Button>
          <Button variant="ghost" onClick={() => void results.refetch()} disabled={results.isFetching}>
            {results.isFetching && !results.isFetchingNextPage ? "Refreshing…" : "Refresh"}
          </Button>
        </div>
      </form>

      <DataTable
        frameClassName="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
        {...fromQuery(results, () => items)}
        rowKey={(c) => `${c.userId}/${c.conversationId}`}
        errorTitle="Could not search contexts"
        loadingLabel="Searching contexts"
        placeholderRows={6}
        empty={{
          title: key ? "No context matches" : "No contexts yet",
          children: key ? "Try fewer words or another filter." : "Contexts appear here when a chat service writes them through /api/v1/contexts.",
        }}
        rowClassName={() => "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}
        columns={columns(isAdmin)}
        footer={
          <div className="flex items-center justify-between gap-3 border-t border-zinc-200 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800">
            <span>
              {items.length} shown{results.hasNextPage ? ", more below" : ""}
            </span>
            {results.hasNextPage ? (
              <Button size="sm" onClick={() => void results.fetchNextPage()} disabled={results.isFetchingNextPage}>
                {results.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            ) : null}
          </div>
        }
      />
    </div>
  );
}
