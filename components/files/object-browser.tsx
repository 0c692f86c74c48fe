"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import type { DeleteResult } from "@/lib/files/delete-objects";
import type { ListingPage } from "@/lib/files/list-objects";
import { rowsOf, type Row, type SortField, type SortOrder } from "@/lib/files/object-rows";
import { breadcrumbs, filesHref } from "@/lib/files/paths";
import { apiFetch } from "@/lib/http/api-fetch";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { inputClasses } from "@/components/ui/dialog";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { filesFromDrop, filesFromInput, type DroppedFile } from "./drop-files";
import { NewFolderDialog } from "./new-folder-dialog";
import { Notice, type NoticeMessage } from "./notice";
import { downloadHref, ObjectDetailsPanel } from "./object-details";
import { ObjectList } from "./object-list";
import { ShareDialog } from "./share-dialog";
import { TransferDialog, type TransferSource } from "./transfer-dialog";
import { useUploads } from "./upload-manager";

type Dialogs =
  | { kind: "none" }
  | { kind: "folder" }
  | { kind: "delete"; keys: string[]; prefixes: string[] }
  | { kind: "transfer"; mode: "copy" | "move" | "rename"; sources: TransferSource[] }
  | { kind: "share"; key: string };

const sortFields: SortField[] = ["name", "size", "modified"];

function useBrowserUrl(bucket: string, prefix: string) {
  const router = useRouter();
  const search = useSearchParams();
  return useMemo(() => {
    const state = {
      filter: search.get("q") ?? "",
      sort: (sortFields as string[]).includes(search.get("sort") ?? "") ? (search.get("sort") as SortField) : "name",
      order: search.get("order") === "desc" ? ("desc" as const) : ("asc" as const),
      object: search.get("object"),
    };
    type Patch = Partial<{ filter: string; sort: SortField; order: SortOrder; object: string | null }>;
    const href = (patch: Patch) => {
      const next = { ...state, ...patch };
      return filesHref(bucket, prefix, {
        q: next.filter || undefined,
        sort: next.sort === "name" ? undefined : next.sort,
        order: next.order === "asc" ? undefined : next.order,
        object: next.object ?? undefined,
      });
    };
    return {
      ...state,
      href,
      replace: (patch: Patch) => router.replace(href(patch), { scroll: false }),
    };
  }, [bucket, prefix, search, router]);
}

/** The file browser for one folder of one bucket: listing, selection, bulk actions, uploads and details. */
export function ObjectBrowser({ bucket, prefix, canEdit }: { bucket: string; prefix: string; canEdit: boolean }) {
  const url = useBrowserUrl(bucket, prefix);
  const queryClient = useQueryClient();
  const { queue } = useUploads();
  const [filterInput, setFilterInput] = useState(url.filter);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<Dialogs>({ kind: "none" });
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  // The filter is part of the URL (shareable), written after typing pauses; a click that navigates away
  // first cancels a pending write, so it cannot pull the page back.
  const { replace, filter } = url;
  const filterTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (filterInput === filter) return;
    filterTimer.current = setTimeout(() => replace({ filter: filterInput }), 300);
    return () => clearTimeout(filterTimer.current);
  }, [filterInput, filter, replace]);

  const listingKey = ["files", "objects", bucket, prefix, url.filter] as const;
  const listing = useInfiniteQuery({
    queryKey: listingKey,
    queryFn: ({ pageParam, signal }) =>
      apiFetch<ListingPage>(
        `/api/files/buckets/${encodeURIComponent(bucket)}/objects?${new URLSearchParams({ prefix, filter: url.filter, ...(pageParam ? { token: pageParam } : {}) })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextToken ?? undefined,
  });
  const rows = useMemo(() => rowsOf(listing.data?.pages ?? [], url.sort, url.order), [listing.data, url.sort, url.order]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = listing;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const selectedRows = rows.filter((r) => selected.has(r.id));
  const selectedFiles = selectedRows.flatMap((r) => (r.kind === "object" ? [r.object.key] : []));
  const selectedFolders = selectedRows.flatMap((r) => (r.kind === "folder" ? [r.prefix] : []));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["files", "objects", bucket] });

  const remove = useMutation({
    mutationFn: (body: { keys: string[]; prefixes: string[] }) =>
      apiFetch<DeleteResult>(`/api/files/buckets/${encodeURIComponent(bucket)}/delete`, { method: "POST", json: body }),
    onSuccess: (result, body) => {
      setSelected(new Set());
      if (url.object && body.keys.includes(url.object)) url.replace({ object: null });
      setNotice(
        result.failed.length === 0
          ? { tone: "good", text: `Deleted ${result.deleted} object${result.deleted === 1 ? "" : "s"}.` }
          : {
              tone: "bad",
              text: (
                <>
                  Deleted {result.deleted}; {result.failed.length} could not be deleted:
                  <ul className="mt-1 list-disc pl-5">
                    {result.failed.slice(0, 10).map((f) => (
                      <li key={f.key}>
                        <code>{f.key}</code>: {f.message} ({f.code})
                      </li>
                    ))}
                  </ul>
                </>
              ),
            },
      );
    },
    onError: (error) => setNotice({ tone: "bad", text: error.message }),
    onSettled: () => {
      setDialog({ kind: "none" });
      void refresh();
    },
  });

  const enqueue = (files: DroppedFile[]) => {
    if (files.length === 0) return;
    queue.add(bucket, files.map(({ file, path }) => ({ file, key: `${prefix}${path}` })));
  };
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!canEdit) return;
    enqueue(await filesFromDrop(event.dataTransfer));
  };
  const toggle = (row: Row) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(row.id)) next.delete(row.id);
      else next.add(row.id);
      return next;
    });
  const toggleAll = () => setSelected((current) => (rows.every((r) => current.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id))));
  const downloadSelected = () => {
    // Browsers allow a handful of programmatic downloads in a row; space them out.
    selectedFiles.slice(0, 20).forEach((key, i) =>
      setTimeout(() => {
        const a = document.createElement("a");
        a.href = downloadHref(bucket, key);
        a.download = "";
        a.click();
      }, i * 400),
    );
  };
  const hrefOf = (row: Row) => (row.kind === "folder" ? filesHref(bucket, row.prefix) : url.href({ object: row.object.key }));
  const crumbs = breadcrumbs(prefix);
  const transferSources: TransferSource[] = [...selectedFolders.map((p) => ({ source: p, folder: true })), ...selectedFiles.map((k) => ({ source: k, folder: false }))];

  return (
    <div className="flex h-[calc(100vh-8.5rem)] min-h-[28rem] flex-col gap-3">
      <nav aria-label="Breadcrumbs" className="flex min-w-0 flex-wrap items-center gap-1 text-sm">
        <Link href="/files" className="text-zinc-500 hover:underline">
          Buckets
        </Link>
        <span aria-hidden className="text-zinc-400">/</span>
        <Link href={filesHref(bucket)} className={crumbs.length === 0 ? "font-semibold" : "hover:underline"} aria-current={crumbs.length === 0 ? "page" : undefined}>
          {bucket}
        </Link>
        {crumbs.map((c, i) => (
          <span key={c.prefix} className="flex min-w-0 items-center gap-1">
            <span aria-hidden className="text-zinc-400">/</span>
            <Link href={filesHref(bucket, c.prefix)} className={`max-w-[16rem] truncate ${i === crumbs.length - 1 ? "font-semibold" : "hover:underline"}`} aria-current={i === crumbs.length - 1 ? "page" : undefined}>
              {c.label}
            </Link>
          </span>
        ))}
      </nav>

      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          aria-label="Filter by name prefix"
          placeholder="Filter by name prefix…"
          className={`${inputClasses} max-w-xs`}
          value={filterInput}
          onChange={(e) => setFilterInput(e.target.value)}
        />
        <Button size="sm" onClick={() => void refresh()} aria-label="Refresh the listing">
          Refresh
        </Button>
        <div className="flex-1" />
        {canEdit ? (
          <>
            <Button size="sm" variant="primary" onClick={() => fileInput.current?.click()}>
              Upload files
            </Button>
            <Button size="sm" onClick={() => folderInput.current?.click()}>
              Upload folder
            </Button>
            <Button size="sm" onClick={() => setDialog({ kind: "folder" })}>
              New folder
            </Button>
          </>
        ) : null}
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="upload-input"
          onChange={(e) => {
            if (e.target.files) enqueue(filesFromInput(e.target.files));
            e.target.value = "";
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          {...{ webkitdirectory: "" }}
          onChange={(e) => {
            if (e.target.files) enqueue(filesFromInput(e.target.files));
            e.target.value = "";
          }}
        />
      </div>

      {selectedRows.length > 0 ? (
        <div role="toolbar" aria-label="Actions on the selection" className="flex flex-wrap items-center gap-2 rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-900">
          <span className="font-medium">{selectedRows.length} selected</span>
          <Button size="sm" onClick={downloadSelected} disabled={selectedFiles.length === 0} title="Downloads the selected files (folders are not zipped)">
            Download
          </Button>
          {canEdit ? (
            <>
              <Button size="sm" onClick={() => setDialog({ kind: "transfer", mode: "copy", sources: transferSources })}>
                Copy…
              </Button>
              <Button size="sm" onClick={() => setDialog({ kind: "transfer", mode: "move", sources: transferSources })}>
                Move…
              </Button>
              {transferSources.length === 1 ? (
                <Button size="sm" onClick={() => setDialog({ kind: "transfer", mode: "rename", sources: transferSources })}>
                  Rename…
                </Button>
              ) : null}
              {selectedFiles.length === 1 && selectedFolders.length === 0 ? (
                <Button size="sm" onClick={() => setDialog({ kind: "share", key: selectedFiles[0]! })}>
                  Share link…
                </Button>
              ) : null}
              <Button size="sm" variant="danger" onClick={() => setDialog({ kind: "delete", keys: selectedFiles, prefixes: selectedFolders })}>
                Delete…
              </Button>
            </>
          ) : null}
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </div>
      ) : null}

      <Notice message={notice} onDismiss={() => setNotice(null)} />

      <div className="flex min-h-0 flex-1 overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div
          className="relative flex min-h-0 min-w-0 flex-1 flex-col"
          onClickCapture={() => clearTimeout(filterTimer.current)}
          onDragOver={(e) => {
            if (!canEdit) return;
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={(e) => {
            if (e.currentTarget === e.target) setDragging(false);
          }}
          onDrop={(e) => void onDrop(e)}
        >
          {listing.isPending ? (
            <div className="p-4">
              <LoadingRows rows={10} label="Loading folder" />
            </div>
          ) : listing.isError ? (
            <div className="p-4">
              <ErrorState title="Could not list this folder" error={listing.error} onRetry={() => void listing.refetch()} />
            </div>
          ) : rows.length === 0 ? (
            <div className="p-4">
              <EmptyState title={url.filter ? `Nothing here starts with “${url.filter}”` : "This folder is empty"}>
                {canEdit ? "Drop files or folders here, or use Upload." : url.filter ? "Clear the filter to see everything." : null}
              </EmptyState>
            </div>
          ) : (
            <ObjectList
              rows={rows}
              selected={selected}
              onToggle={toggle}
              onToggleAll={toggleAll}
              hrefOf={hrefOf}
              activeId={url.object ? `f:${url.object}` : null}
              sort={url.sort}
              order={url.order}
              onSort={(field) => url.replace({ sort: field, order: url.sort === field && url.order === "asc" ? "desc" : "asc" })}
              hasMore={hasNextPage}
              loadingMore={isFetchingNextPage}
              loadMore={loadMore}
              selectable
            />
          )}
          <p className="shrink-0 border-t border-zinc-200 px-3 py-1.5 text-xs text-zinc-500 dark:border-zinc-800">
            {rows.length.toLocaleString()} item{rows.length === 1 ? "" : "s"} loaded{hasNextPage ? " · more load as you scroll" : ""}
            {hasNextPage && url.sort !== "name" ? " · sorting applies to the loaded items" : ""}
          </p>
          {dragging ? (
            <div className="pointer-events-none absolute inset-0 grid place-items-center border-2 border-dashed border-accent-500 bg-accent-50/80 text-sm font-medium dark:bg-zinc-900/80">
              Drop to upload to s3://{bucket}/{prefix}
            </div>
          ) : null}
        </div>
        {url.object ? (
          <ObjectDetailsPanel
            key={url.object}
            bucket={bucket}
            objectKey={url.object}
            canEdit={canEdit}
            onClose={() => url.replace({ object: null })}
            onShare={() => setDialog({ kind: "share", key: url.object! })}
            onRename={() => setDialog({ kind: "transfer", mode: "rename", sources: [{ source: url.object!, folder: false }] })}
            onDelete={() => setDialog({ kind: "delete", keys: [url.object!], prefixes: [] })}
          />
        ) : null}
      </div>

      <NewFolderDialog
        open={dialog.kind === "folder"}
        bucket={bucket}
        prefix={prefix}
        onClose={() => setDialog({ kind: "none" })}
        onCreated={(created) => {
          setDialog({ kind: "none" });
          setNotice({ tone: "good", text: `Folder ${created} created.` });
          void refresh();
        }}
      />
      <ConfirmDialog
        open={dialog.kind === "delete"}
        title="Delete permanently?"
        confirmLabel="Delete"
        tone="danger"
        busy={remove.isPending}
        onConfirm={() => dialog.kind === "delete" && remove.mutate({ keys: dialog.keys, prefixes: dialog.prefixes })}
        onCancel={() => setDialog({ kind: "none" })}
      >
        {dialog.kind === "delete" ? (
          <>
            {dialog.keys.length > 0 ? `${dialog.keys.length} file${dialog.keys.length === 1 ? "" : "s"}` : ""}
            {dialog.keys.length > 0 && dialog.prefixes.length > 0 ? " and " : ""}
            {dialog.prefixes.length > 0 ? `${dialog.prefixes.length} folder${dialog.prefixes.length === 1 ? "" : "s"} with everything inside` : ""} will be deleted from{" "}
            {bucket}. This cannot be undone (unless the bucket keeps versions).
          </>
        ) : null}
      </ConfirmDialog>
      {dialog.kind === "transfer" ? (
        <TransferDialog
          open
          mode={dialog.mode}
          bucket={bucket}
          prefix={prefix}
          sources={dialog.sources}
          onClose={() => setDialog({ kind: "none" })}
          onDone={(result, summary) => {
            setDialog({ kind: "none" });
            setSelected(new Set());
            if (dialog.mode !== "copy" && url.object && dialog.sources.some((s) => s.source === url.object)) url.replace({ object: null });
            setNotice({
              tone: result.failed.length ? "bad" : "good",
              text: (
                <>
                  {summary}
                  {result.failed.length ? (
                    <ul className="mt-1 list-disc pl-5">
                      {result.failed.slice(0, 10).map((f) => (
                        <li key={f.source}>
                          <code>{f.source}</code>: {f.message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ),
            });
            void queryClient.invalidateQueries({ queryKey: ["files", "objects"] });
          }}
        />
      ) : null}
      {dialog.kind === "share" ? <ShareDialog open bucket={bucket} objectKey={dialog.key} onClose={() => setDialog({ kind: "none" })} /> : null}
    </div>
  );
}
