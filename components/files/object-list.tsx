"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useEffect, useRef } from "react";
import type { Row, SortField, SortOrder } from "@/lib/files/object-rows";
import { formatBytes } from "@/lib/format/units";
import { FileIcon, FolderIcon } from "./icons";

const ROW_HEIGHT = 40;
/** Start loading the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 100;

type Props = {
  rows: Row[];
  selected: ReadonlySet<string>;
  onToggle(row: Row): void;
  onToggleAll(): void;
  hrefOf(row: Row): string;
  activeId: string | null;
  sort: SortField;
  order: SortOrder;
  onSort(field: SortField): void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
  selectable: boolean;
};

function SortHeader({ field, label, sort, order, onSort, className = "" }: { field: SortField; label: string; sort: SortField; order: SortOrder; onSort(f: SortField): void; className?: string }) {
  const active = sort === field;
  return (
    <div role="columnheader" aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <button type="button" onClick={() => onSort(field)} className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100">
        {label}
        <span aria-hidden className="text-[10px]">{active ? (order === "asc" ? "▲" : "▼") : ""}</span>
      </button>
    </div>
  );
}

const columns = "grid grid-cols-[2rem_minmax(0,1fr)_6rem_11rem_7rem] items-center gap-2 px-3";

/** The folder's rows, virtualised: only what is on screen is in the DOM, so 100k loaded rows scroll like 10. */
export function ObjectList(props: Props) {
  const { rows, selected, hasMore, loadingMore, loadMore } = props;
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

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <div role="table" aria-label="Folder contents" aria-rowcount={rows.length} className="flex min-h-0 flex-1 flex-col text-sm">
      <div role="row" className={`${columns} h-9 shrink-0 border-b border-zinc-200 text-xs font-medium text-zinc-500 dark:border-zinc-800`}>
        <div role="columnheader">
          {props.selectable ? (
            <input type="checkbox" aria-label="Select all loaded items" checked={allSelected} onChange={props.onToggleAll} disabled={rows.length === 0} />
          ) : null}
        </div>
        <SortHeader field="name" label="Name" {...props} />
        <SortHeader field="size" label="Size" className="text-right" {...props} />
        <SortHeader field="modified" label="Last modified" {...props} />
        <div role="columnheader">Class</div>
      </div>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto" data-testid="object-list">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const isSelected = selected.has(row.id);
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
                  {props.selectable ? (
                    <input type="checkbox" aria-label={`Select ${row.name}`} checked={isSelected} onChange={() => props.onToggle(row)} />
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
