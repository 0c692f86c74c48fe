"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useEffect, useRef } from "react";
import type { Row } from "@/lib/files/object-rows";
import { formatBytes } from "@/lib/format/units";
import { ariaSort, SelectAllCheckbox, SortButton, type Selection } from "@/components/ui/collection";
import { toggledKey, type SortState } from "@/components/ui/collection-state";
import { FileIcon, FolderIcon } from "./icons";

const ROW_HEIGHT = 40;
/** Start loading the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 100;

type Props = {
  rows: Row[];
  /** Selection by row id; absent when nothing may be selected. */
  selection?: Selection;
  hrefOf(row: Row): string;
  activeId: string | null;
  sort: SortState;
  onSortChange(next: SortState): void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
};

function SortHeader({ column, label, sort, onSortChange, className = "" }: { column: string; label: string; sort: SortState; onSortChange(next: SortState): void; className?: string }) {
  return (
    <div role="columnheader" aria-sort={ariaSort(column, sort)} className={className}>
      <SortButton column={column} label={label} sort={sort} onSortChange={onSortChange} />
    </div>
  );
}

const columns = "grid grid-cols-[2rem_minmax(0,1fr)_6rem_11rem_7rem] items-center gap-2 px-3";

/** The folder's rows, virtualised: only what is on screen is in the DOM, so 100k loaded rows scroll like 10. */
export function ObjectList(props: Props) {
  const { rows, selection, hasMore, loadingMore, loadMore } = props;
  const scroller = useRef<HTMLDivElement>(null);
  // TanStack Virtual hands back functions React Compiler cannot memoise; this component opts out knowingly.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, loadMore]);

  return (
    <div role="table" aria-label="Folder contents" aria-rowcount={rows.length} className="flex min-h-0 flex-1 flex-col text-sm">
      <div role="row" className={`${columns} h-9 shrink-0 border-b border-zinc-200 text-xs font-medium text-zinc-500 dark:border-zinc-800`}>
        <div role="columnheader">
          {selection ? <SelectAllCheckbox selection={selection} keys={rows.map((r) => r.id)} label="Select all loaded items" /> : null}
        </div>
        <SortHeader column="name" label="Name" sort={props.sort} onSortChange={props.onSortChange} />
        <SortHeader column="size" label="Size" className="text-right" sort={props.sort} onSortChange={props.onSortChange} />
        <SortHeader column="modified" label="Last modified" sort={props.sort} onSortChange={props.onSortChange} />
        <div role="columnheader">Class</div>
      </div>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto" data-testid="object-list">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const isSelected = selection?.selected.has(row.id) ?? false;
            return (
              <div
                role="row"
                key={row.id}
                aria-rowindex={item.index + 1}
                aria-selected={isSelected}
                data-testid={row.kind === "folder" ? "folder-row" : "object-row"}
                className={`${columns} absolute top-0 left-0 w-full border-b border-zinc-100 dark:border-zinc-800/60 ${
                  props.activeId === row.id ? "bg-accent-50 dark:bg-zinc-800" : isSelected ? "bg-zinc-100 dark:bg-zinc-800/60" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/30"
                }`}
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              >
                <div role="cell">
                  {selection ? (
                    <input type="checkbox" aria-label={`Select ${row.name}`} checked={isSelected} onChange={() => selection.onChange(toggledKey(selection.selected, row.id))} />
                  ) : null}
                </div>
                <div role="cell" className="min-w-0">
                  <Link href={props.hrefOf(row)} className="flex min-w-0 items-center gap-2 hover:underline" title={row.kind === "folder" ? row.prefix : row.object.key}>
                    {row.kind === "folder" ? <FolderIcon /> : <FileIcon />}
                    <span className="truncate">{row.name}</span>
                    {row.kind === "folder" ? <span className="sr-only"> (folder)</span> : null}
                  </Link>
                </div>
                <div role="cell" className="text-right tabular-nums text-zinc-600 dark:text-zinc-400">
                  {row.kind === "object" ? formatBytes(row.object.size) : ""}
                </div>
                <div role="cell" className="truncate text-zinc-600 dark:text-zinc-400">
                  {row.kind === "object" && row.object.lastModified ? new Date(row.object.lastModified).toLocaleString() : ""}
                </div>
                <div role="cell" className="truncate text-xs text-zinc-500">
                  {row.kind === "object" ? (row.object.storageClass ?? "STANDARD") : ""}
                </div>
              </div>
            );
          })}
        </div>
        {hasMore ? (
          <div className="flex h-10 items-center justify-center text-xs text-zinc-500">
            {loadingMore ? "Loading more…" : (
              <button type="button" className="underline" onClick={loadMore}>
                Load more
              </button>
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}
