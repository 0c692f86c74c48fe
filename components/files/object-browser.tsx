"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState, type DragEvent } from "react";
import { rowsOf, type Row, type SortField } from "@/lib/files/object-rows";
import { filesHref } from "@/lib/files/paths";
import { downloadHref, filesInvalidation, filesQueries } from "@/lib/files/queries";
import { collectionFallback } from "@/components/ui/collection";
import { useSelection } from "@/components/ui/use-selection";
import { BrowserDialogs, type BrowserDialog } from "./browser-dialogs";
import { BrowserToolbar } from "./browser-toolbar";
import { filesFromDrop, type DroppedFile } from "./drop-files";
import { FolderBreadcrumbs } from "./folder-breadcrumbs";
import { Notice, type NoticeMessage } from "./notice";
import { ObjectDetailsPanel } from "./object-details";
import { ObjectList } from "./object-list";
import { ObjectSelectionToolbar } from "./object-selection-toolbar";
import { useUploads } from "./upload-manager";
import { useBrowserUrl, useFilterInput } from "./use-browser-url";

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
export function ObjectBrowser({ bucket, prefix, canEdit }: { bucket: string; prefix: string; canEdit: boolean }) {
  const url = useBrowserUrl(bucket, prefix);
  const filter = useFilterInput(url);
  const queryClient = useQueryClient();
  const { queue } = useUploads();
  const selection = useSelection();
  const [dialog, setDialog] = useState<BrowserDialog>({ kind: "none" });
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [dragging, setDragging] = useState(false);

  const listing = useInfiniteQuery(filesQueries.listing(bucket, prefix, url.filter));
  const rows = useMemo(() => rowsOf(listing.data?.pages ?? [], url.sort, url.order), [listing.data, url.sort, url.order]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = listing;
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
        children: canEdit ? "Drop files or folders here, or use Upload." : url.filter ? "Clear the filter to see everything." : null,
      },
    },
    10,
  );

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
  const hrefOf = (row: Row) => (row.kind === "folder" ? filesHref(bucket, row.prefix) : url.href({ object: row.object.key }));

  return (
    <div className="flex h-[calc(100vh-8.5rem)] min-h-[28rem] flex-col gap-3">
      <FolderBreadcrumbs bucket={bucket} prefix={prefix} />
      <BrowserToolbar
        filter={filter.value}
        onFilterChange={filter.setValue}
        onRefresh={() => void filesInvalidation.objectsChanged(queryClient, bucket)}
        canEdit={canEdit}
        onUpload={enqueue}
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

      <div className="flex min-h-0 flex-1 overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div
          className="relative flex min-h-0 min-w-0 flex-1 flex-col"
          onClickCapture={filter.cancelPending}
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

      <BrowserDialogs
        dialog={dialog}
        bucket={bucket}
        prefix={prefix}
        onClose={closeDialog}
        onOutcome={({ notice: next, clearSelection, gone }) => {
          if (clearSelection) selection.clear();
          if (url.object && gone.includes(url.object)) url.replace({ object: null });
          setNotice(next);
        }}
      />
    </div>
  );
}
