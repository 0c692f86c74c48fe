import type { ReactNode } from "react";
import { toggledAll, toggledKey, type SortState } from "./collection-state";
import { EmptyState, ErrorState, LoadingRows } from "./states";

export type { SortOrder, SortState } from "./collection-state";

/**
 * What every list of things in the console has to say besides its rows — loading, failed, empty — and the
 * sorting and selection it may offer. `DataTable` and `DataGrid` take the same props, so a section can
 * switch between a table and a gallery without touching its data or its selection.
 */


/** Selection by row key; the owner keeps the set (see `useSelection`), so it survives re-fetches. */
export type Selection = {
  selected: ReadonlySet<string>;
  onChange(next: Set<string>): void;
  /** How each row's checkbox is named for screen readers; default "Select <key>". */
  label?: (key: string) => string;
};

export type CollectionProps<T> = {
  /** undefined while the first load is pending. */
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  /** A failed load: shown with its message (ApiError messages are written for people) and a retry. */
  error?: unknown;
  errorTitle?: string;
  onRetry?: () => void;
  /** What an empty list says: `{ title, children?, action? }` of an EmptyState, or any node. */
  empty: { title: string; children?: ReactNode; action?: ReactNode } | ReactNode;
  /** Accessible name of the loading placeholder, e.g. "Loading buckets". */
  loadingLabel?: string;
  selection?: Selection;
};

/** What `fromQuery` reads of a TanStack query (a `useQuery` or `useInfiniteQuery` result). */
export type QueryState<D> = { data: D | undefined; error: unknown; refetch: () => unknown };

/**
 * The `rows`, `error` and `onRetry` of a list drawn from a query: rows undefined until the first answer
 * (so the table shows its placeholder), the query's error, and a retry that refetches.
 *
 *     <DataTable {...fromQuery(query, (d) => d.buckets)} rowKey={(b) => b.name} errorTitle="Could not list buckets" … />
 */
export function fromQuery<D, T>(query: QueryState<D>, select: (data: D) => readonly T[]): Pick<CollectionProps<T>, "rows" | "error" | "onRetry"> {
  return { rows: query.data === undefined ? undefined : select(query.data), error: query.error, onRetry: () => void query.refetch() };
}

function isEmptyProps(empty: CollectionProps<unknown>["empty"]): empty is { title: string; children?: ReactNode; action?: ReactNode } {
  return typeof empty === "object" && empty !== null && "title" in empty && typeof (empty as { title: unknown }).title === "string";
}

/** The loading, error or empty state to draw instead of the rows, or null when there are rows to draw. */
export function collectionFallback<T>(props: CollectionProps<T>, placeholderRows = 5): ReactNode | null {
  if (props.error) return <ErrorState title={props.errorTitle ?? "Could not load this list"} error={props.error} {...(props.onRetry ? { onRetry: props.onRetry } : {})} />;
  if (props.loading || props.rows === undefined) return <LoadingRows rows={placeholderRows} label={props.loadingLabel ?? "Loading"} />;
  if (props.rows.length === 0) {
    const { empty } = props;
    return isEmptyProps(empty) ? (
      <EmptyState title={empty.title} action={empty.action}>
        {empty.children}
      </EmptyState>
    ) : (
      empty
    );
  }
  return null;
}

export function SelectCheckbox({ selection, rowKey }: { selection: Selection; rowKey: string }) {
  return (
    <input
      type="checkbox"
      aria-label={selection.label ? selection.label(rowKey) : `Select ${rowKey}`}
      checked={selection.selected.has(rowKey)}
      onChange={() => selection.onChange(toggledKey(selection.selected, rowKey))}
    />
  );
}

export function SelectAllCheckbox({ selection, keys, label = "Select all" }: { selection: Selection; keys: readonly string[]; label?: string }) {
  const all = keys.length > 0 && keys.every((k) => selection.selected.has(k));
  return <input type="checkbox" aria-label={label} checked={all} disabled={keys.length === 0} onChange={() => selection.onChange(toggledAll(selection.selected, keys))} />;
}

/** A column header that sorts: the button toggles the order, `aria-sort` says the current one. */
export function SortButton({ column, label, sort, onSortChange }: { column: string; label: ReactNode; sort: SortState | undefined; onSortChange: (next: SortState) => void }) {
  const active = sort?.column === column;
  return (
    <button
      type="button"
      onClick={() => onSortChange({ column, order: active && sort.order === "asc" ? "desc" : "asc" })}
      className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100"
    >
      {label}
      <span aria-hidden className="text-[10px]">{active ? (sort.order === "asc" ? "▲" : "▼") : ""}</span>
    </button>
  );
}

export function ariaSort(column: string, sort: SortState | undefined): "ascending" | "descending" | "none" {
  return sort?.column === column ? (sort.order === "asc" ? "ascending" : "descending") : "none";
}
