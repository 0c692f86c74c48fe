"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { searchQueries } from "@/lib/search/queries";
import { toQueryString, toSearchBody, type SearchParams } from "@/lib/search/search-url";
import { SearchResultItem } from "./search-result";

/**
 * The search page's form and results. Every setting lives in the URL (lib/search/search-url.ts), so a search can
 * be shared and reloaded; `/` anywhere on the page focuses the box. The page mounts it keyed by the URL's
 * query, so back/forward navigation resets the form to what the URL says.
 */

const inputClass = "h-9 w-full rounded-md border border-zinc-300 bg-white px-2.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

const contentTypes = [
  ["", "any type"],
  ["application/pdf", "PDF"],
  ["text/markdown", "Markdown"],
  ["text/html", "HTML"],
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"],
  ["text/plain", "plain text"],
] as const;

export function SearchPanel({ params, collections }: { params: SearchParams; collections: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const box = useRef<HTMLInputElement>(null);
  const [form, setForm] = useState(params);
  const key = toQueryString(params);
  const body = toSearchBody(params);
  const results = useQuery(searchQueries.results(key, body));

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
      if (event.key === "/" && !typing && !event.metaKey && !event.ctrlKey) {
        event.preventDefault();
        box.current?.focus();
        box.current?.select();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const qs = toQueryString(form);
    router.push(qs ? `${pathname}?${qs}` : pathname);
  }

  const set = <K extends keyof SearchParams>(name: K, value: SearchParams[K]) => setForm((f) => ({ ...f, [name]: value }));

  return (
    <div className="space-y-4">
      <form onSubmit={submit} role="search" aria-label="Search documents" className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex gap-2">
          <input
            ref={box}
            name="q"
            aria-label="Search query"
            value={form.q}
            onChange={(e) => set("q", e.target.value)}
            placeholder="Search your documents by meaning…  (press / to focus)"
            className={`${inputClass} h-10 text-base`}
            autoFocus
          />
          <Button type="submit" variant="primary" className="h-10">
            Search
          </Button>
        </div>
        <div className="grid gap-3 md:grid-cols-4 lg:grid-cols-8">
          <label className="text-sm">
            <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Mode</span>
            <select aria-label="Mode" value={form.mode} onChange={(e) => set("mode", e.target.value as SearchParams["mode"])} className={inputClass}>
              <option value="hybrid">Hybrid (meaning + keywords)</option>
              <option value="dense">Meaning only (dense)</option>
              <option value="keyword">Keywords only (BM25)</option>
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Fusion</span>
            <select aria-label="Fusion" value={form.fusion} disabled={form.mode !== "hybrid"} onChange={(e) => set("fusion", e.target.value as SearchParams["fusion"])} className={inputClass}>
              <option value="dbsf">Score distribution (DBSF)</option>
              <option value="rrf">Reciprocal rank (RRF)</option>
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Collection</span>
            <select aria-label="Collection" value={form.c[0] ?? ""} onChange={(e) => set("c", e.target.value ? [e.target.value] : [])} className={inputClass}>
              <option value="">all collections</option>
              {collections.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Bucket</span>
            <input aria-label="Bucket" value={form.bucket} onChange={(e) => set("bucket", e.target.value)} className={inputClass} placeholder="any" />
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Folder</span>
            <input aria-label="Folder prefix" value={form.prefix} onChange={(e) => set("prefix", e.target.value)} className={inputClass} placeholder="e.g. manuals/" />
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Type</span>
            <select aria-label="Content type" value={form.type} onChange={(e) => set("type", e.target.value)} className={inputClass}>
              {contentTypes.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Modified after</span>
            <input type="date" aria-label="Modified after" value={form.after} onChange={(e) => set("after", e.target.value)} className={inputClass} />
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">Modified before</span>
            <input type="date" aria-label="Modified before" value={form.before} onChange={(e) => set("before", e.target.value)} className={inputClass} />
          </label>
        </div>
      </form>

      {!body ? (
        collections.length === 0 ? (
          <EmptyState title="No collections yet" action={<Link href="/search/collections/new" className="text-sm text-accent-700 hover:underline">Create a collection</Link>}>
            A collection indexes the documents under a bucket prefix so they can be searched by meaning.
          </EmptyState>
        ) : (
          <EmptyState title="Search your documents">
            Type a question or a few words. Hybrid mode finds passages that mean the same thing and passages with the same words, and says which list each result came from.
          </EmptyState>
        )
      ) : results.isPending ? (
        <LoadingRows rows={5} label="Searching" />
      ) : results.isError ? (
        <ErrorState title="The search failed" error={results.error} onRetry={() => void results.refetch()} />
      ) : results.data.results.length === 0 ? (
        <EmptyState title="Nothing matches">Try other words, another mode, or fewer filters.</EmptyState>
      ) : (
        <section aria-label="Results">
          <p className="mb-2 text-xs text-zinc-500">
            {results.data.results.length} documents · {results.data.tookMs} ms (embedding {results.data.timings.embedMs} ms, index {results.data.timings.queryMs} ms)
          </p>
          <ol className="space-y-3">
            {results.data.results.map((r) => (
              <SearchResultItem key={`${r.collection}/${r.bucket}/${r.key}`} result={r} />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
