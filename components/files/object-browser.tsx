"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState, type DragEvent } from "react";
import { MAX_KEY_BYTES, utf8Length } from "@/lib/files/names";
import { rowsOf, type Row, type SortField } from "@/lib/files/object-rows";
import { filesHref } from "@/lib/files/paths";
import { downloadHref, filesApi, filesInvalidation, filesQueries } from "@/lib/files/queries";
import { collectionFallback } from "@/components/ui/collection";
import { useSelection } from "@/components/ui/use-selection";
import { BrowserDialogs, type BrowserDialog } from "./browser-dialogs";
import { BrowserOperations } from "./browser-operations";
import { BrowserToolbar } from "./browser-toolbar";
import { filesFromDrop, type DroppedFile } from "./drop-files";
import { FolderBreadcrumbs } from "./folder-breadcrumbs";
import { Notice, type NoticeMessage } from "@/components/ui/notice";
import { ObjectDetailsPanel } from "./object-details";
import { ObjectList } from "./object-list";
import { ObjectSelectionToolbar } from "./object-selection-toolbar";
import { OverwriteDialog, type PendingUpload } from "./overwrite-dialog";
import { useUploads } from "./upload-manager";
import { useBrowserUrl, useFilterInput } from "./use-browser-url";

/** The keys about to be uploaded that already hold an object, asked a thousand at a time. */
async function existingAmong(bucket: string, keys: string[]): Promise<string[]> {
  const existing: string[] = [];
  for (let i = 0; i < keys.length; i += 1000) existing.push(...(await filesApi.existingKeys(bucket, keys.slice(i, i + 1000))).existing);
  return existing;
}

/** Browsers allow a handful of programmatic downloads in a row; they are spaced out and capped. */
function downloadEach(bucket: string, keys: string[]) {
  keys.slice(0, 20).forEach((key, i) =>
    setTimeout(() => {
      const a = document.createElement("a");
      a.href = downloadHref(bucket, key);
      a.download = "";
      a.click();
    }, i * 400),
  );
}

/**
 * The file browser for one folder of one bucket. It composes the pieces, each with one job: URL state
 * (`use-browser-url`), the listing query (`lib/files/queries`), breadcrumbs, the toolbar, the selection
 * toolbar, the virtualised list, the details panel and the dialogs; it keeps the selection and drag-and-drop.
 */
export function ObjectBrowser({ bucket, prefix, canEdit, canAdmin = false }: { bucket: string; prefix: string; canEdit: boolean; canAdmin?: boolean }) {
  const url = useBrowserUrl(bucket, prefix);
  const filter = useFilterInput(url);
  const queryClient = useQueryClient();
  const { queue } = useUploads();
  const selection = useSelection();
  const [dialog, setDialog] = useState<BrowserDialog>({ kind: "none" });
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [dragging, setDragging] = useState(false);
  const [pendingUpload, setPendingUpload] = useState<PendingUpload | null>(null);
  // Operations (jobs) started from this page: shown with their progress until dismissed.
  const [startedOperations, setStartedOperations] = useState<string[]>([]);

  const listing = useInfiniteQuery(filesQueries.listing(bucket, prefix, url.filter));
  // Size and date sort the whole folder on the server (up to MAX_SORTED_ENTRIES); a larger folder falls back
  // to sorting the loaded rows, and the footer says why.
  const sortBy = url.sort === "name" ? null : url.sort;
  const sorted = useQuery({ ...filesQueries.sortedListing(bucket, prefix, url.filter, sortBy ?? "size", url.order), enabled: sortBy !== null });
  const wholeFolder = sortBy !== null && sorted.data !== undefined;
  const pages = useMemo(() => (wholeFolder && sorted.data ? [sorted.data] : (listing.data?.pages ?? [])), [wholeFolder, sorted.data, listing.data]);
  const rows = useMemo(() => rowsOf(pages, url.sort, url.order), [pages, url.sort, url.order]);
  const { isFetchingNextPage, fetchNextPage } = listing;
  const hasNextPage = !wholeFolder && listing.hasNextPage;
  // S3 keys end at 1,024 bytes: a deeper prefix (other tools can list one) can hold nothing, so uploads are off there.
  const prefixBytes = utf8Length(prefix);
  const prefixFull = prefixBytes >= MAX_KEY_BYTES;
  const editable = canEdit && !prefixFull;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const selectedRows = rows.filter((r) => selection.selected.has(r.id));
  const selectedFiles = selectedRows.flatMap((r) => (r.kind === "object" ? [r.object.key] : []));
  const selectedFolders = selectedRows.flatMap((r) => (r.kind === "folder" ? [r.prefix] : []));
  const closeDialog = () => setDialog({ kind: "none" });
  const fallback = collectionFallback(
    {
      rows: listing.isPending ? undefined : rows,
      rowKey: (r) => r.id,
      error: listing.isError ? listing.error : undefined,
      errorTitle: "Could not list this folder",
      onRetry: () => void listing.refetch(),
      loadingLabel: "Loading folder",
      empty: {
        title: url.filter ? `Nothing here starts with “${url.filter}”` : "This folder is empty",
        children: prefixFull
          ? `This folder's path is ${prefixBytes.toLocaleString("en")} bytes in UTF-8; S3 keys end at ${MAX_KEY_BYTES.toLocaleString("en")} bytes, so it cannot hold any file or folder.`
          : canEdit
            ? "Drop files or folders here, or use Upload."
            : url.filter
              ? "Clear the filter to see everything."
              : null,
      },
    },
    10,
  );

  const enqueue = async (files: DroppedFile[]) => {
    if (files.length === 0) return;
    const items = files.map(({ file, path }) => ({ file, key: `${prefix}${path}` }));
    let existing: string[];
    try {
      existing = await existingAmong(bucket, items.map((i) => i.key));
    } catch (error) {
      setNotice({ tone: "bad", text: `Could not check whether these files exist already, so nothing was uploaded: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (existing.length === 0) queue.add(bucket, items);
    else setPendingUpload({ items, existing });
  };
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!editable) return;
    await enqueue(await filesFromDrop(event.dataTransfer));
  };
  const hrefOf = (row: Row) => (row.kind === "folder" ? filesHref(bucket, row.prefix) : url.href({ object: row.object.key }));

  return (
    <div className="flex h-[calc(100vh-8.5rem)] min-h-[28rem] flex-col gap-3">
      <FolderBreadcrumbs bucket={bucket} prefix={prefix} />
      <BrowserToolbar
        filter={filter.value}
        onFilterChange={filter.setValue}
        onRefresh={() => void filesInvalidation.objectsChanged(queryClient, bucket)}
        canEdit={editable}
        onUpload={(files) => void enqueue(files)}
        onNewFolder={() => setDialog({ kind: "folder" })}
      />
      <ObjectSelectionToolbar
        files={selectedFiles}
        folders={selectedFolders}
        canEdit={canEdit}
        onDownload={() => downloadEach(bucket, selectedFiles)}
        onOpen={setDialog}
        onClear={selection.clear}
      />
      <Notice message={notice} onDismiss={() => setNotice(null)} />
      <BrowserOperations bucket={bucket} started={startedOperations} onDismiss={(id) => setStartedOperations((ids) => ids.filter((x) => x !== id))} />

      <div className="flex min-h-0 flex-1 overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div
          className="relative flex min-h-0 min-w-0 flex-1 flex-col"
          onClickCapture={filter.cancelPending}
          onDragOver={(e) => {
            if (!editable) return;
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={(e) => {
            if (e.currentTarget === e.target) setDragging(false);
          }}
          onDrop={(e) => void onDrop(e)}
        >
          {fallback ? (
            <div className="p-4">{fallback}</div>
          ) : (
            <ObjectList
              rows={rows}
              selection={selection}
              hrefOf={hrefOf}
              activeId={url.object ? `f:${url.object}` : null}
              sort={{ column: url.sort, order: url.order }}
              onSortChange={(next) => url.replace({ sort: next.column as SortField, order: next.order })}
              hasMore={hasNextPage}
              loadingMore={isFetchingNextPage}
              loadMore={loadMore}
            />
          )}
          <p className="shrink-0 border-t border-zinc-200 px-3 py-1.5 text-xs text-zinc-500 dark:border-zinc-800">
            {rows.length.toLocaleString()} item{rows.length === 1 ? "" : "s"} loaded{hasNextPage ? " · more load as you scroll" : ""}
            {wholeFolder ? ` · sorted by ${url.sort === "size" ? "size" : "date"} over the whole folder` : ""}
            {sortBy !== null && sorted.isError ? ` · ${sorted.error.message}` : hasNextPage && sortBy !== null && !sorted.isPending ? " · sorting applies to the loaded items" : ""}
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
            canAdmin={canAdmin}
            onClose={() => url.replace({ object: null })}
            onShare={() => setDialog({ kind: "share", key: url.object! })}
            onRename={() => setDialog({ kind: "transfer", mode: "rename", sources: [{ source: url.object!, folder: false }] })}
            onDelete={() => setDialog({ kind: "delete", keys: [url.object!], prefixes: [] })}
          />
        ) : null}
      </div>

      <OverwriteDialog
        pending={pendingUpload}
        bucket={bucket}
        onReplace={() => {
          if (pendingUpload) queue.add(bucket, pendingUpload.items);
          setPendingUpload(null);
        }}
        onSkipExisting={() => {
          if (pendingUpload) queue.add(bucket, pendingUpload.items.filter((i) => !pendingUpload.existing.includes(i.key)));
          setPendingUpload(null);
        }}
        onClose={() => setPendingUpload(null)}
      />
      <BrowserDialogs
        dialog={dialog}
        bucket={bucket}
        prefix={prefix}
        onClose={closeDialog}
        onOutcome={({ notice: next, clearSelection, gone, started }) => {
          if (started) setStartedOperations((ids) => [started.id, ...ids]);
          if (clearSelection) selection.clear();
          if (url.object && gone.includes(url.object)) url.replace({ object: null });
          setNotice(next);
        }}
      />
    </div>
  );
}
