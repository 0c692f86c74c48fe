import { Fragment, type ReactNode } from "react";
import { ariaSort, collectionFallback, SelectAllCheckbox, SelectCheckbox, SortButton, type CollectionProps } from "./collection";
import { sortRows, type SortState, type SortValue } from "./collection-state";

/** One column: how to draw a row's cell, and optionally how to sort by it. */
export type DataColumn<T> = {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  align?: "right";
  /** The header is read to screen readers but not shown (e.g. an actions column). */
  srOnlyHeader?: boolean;
  /** Classes of this column's cells (padding included). */
  className?: string;
  /** Makes the column sortable in the table itself, by this value. */
  sortValue?: (row: T) => SortValue;
  /** Sortable by the caller (the rows arrive sorted, e.g. by the server): the header only reports clicks. */
  sortable?: boolean;
};

export type DataTableProps<T> = CollectionProps<T> & {
  /** `false`/`null` entries are left out, for columns only some roles see. */
  columns: (DataColumn<T> | false | null)[];
  /** Current sort; with `onSortChange`, sortable headers become buttons. */
  sort?: SortState;
  onSortChange?: (next: SortState) => void;
  /** Padding of header cells, to line up with the cells' own padding. */
  headerCell?: string;
  rowClassName?: (row: T) => string;
  /** Extra attributes of each row (test ids). */
  rowTestId?: string;
  /** A full-width row drawn under a row (details, history), or null. */
  expansion?: (row: T) => ReactNode | null;
  /** Placeholder rows while loading. */
  placeholderRows?: number;
  /** Classes of a wrapper drawn around the table only (not around the loading, error or empty state), e.g. to bleed to a card's edges. */
  frameClassName?: string;
  /** Drawn under the rows, inside the frame (counts, "load more"). */
  footer?: ReactNode;
};

/**
 * The console's table. It owns its states — a loading placeholder, the error with a retry, the empty
 * message — and draws the rows with one header style and divider everywhere; sorting and row selection are
 * built in. No hooks: it renders in server components too (audit log) and takes its state from the caller.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const fallback = collectionFallback(props, props.placeholderRows);
  if (fallback) return <>{fallback}</>;
  const { rowKey, selection, sort, onSortChange, headerCell = "px-3 py-2", expansion } = props;
  const columns = props.columns.filter((c): c is DataColumn<T> => Boolean(c));
  const sortedBy = sort ? columns.find((c) => c.id === sort.column && c.sortValue) : undefined;
  const rows = sortedBy?.sortValue && sort ? sortRows(props.rows ?? [], sortedBy.sortValue, sort.order) : (props.rows ?? []);
  const width = columns.length + (selection ? 1 : 0);
  const table = (
    <table className="w-full text-left text-sm">
      <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800">
        <tr>
          {selection ? (
            <th scope="col" className={`${headerCell} w-8`}>
              <SelectAllCheckbox selection={selection} keys={rows.map(rowKey)} />
            </th>
          ) : null}
          {columns.map((c) => (
            <th
              key={c.id}
              scope="col"
              aria-sort={c.sortValue || c.sortable ? ariaSort(c.id, sort) : undefined}
              className={`${headerCell} font-medium ${c.align === "right" ? "text-right" : ""}`}
            >
              {c.srOnlyHeader ? (
                <span className="sr-only">{c.header}</span>
              ) : (c.sortValue || c.sortable) && onSortChange ? (
                <SortButton column={c.id} label={c.header} sort={sort} onSortChange={onSortChange} />
              ) : (
                c.header
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {rows.map((row) => {
          const key = rowKey(row);
          const expanded = expansion?.(row);
          return (
            <Fragment key={key}>
              <tr
                data-testid={props.rowTestId}
                aria-selected={selection ? selection.selected.has(key) : undefined}
                className={props.rowClassName?.(row) ?? (selection?.selected.has(key) ? "bg-zinc-100 dark:bg-zinc-800/60" : "")}
              >
                {selection ? (
                  <td className={`${headerCell} w-8`}>
                    <SelectCheckbox selection={selection} rowKey={key} />
                  </td>
                ) : null}
                {columns.map((c) => (
                  <td key={c.id} className={`${c.className ?? "px-3 py-2"} ${c.align === "right" ? "text-right tabular-nums" : ""}`}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
              {expanded ? (
                <tr>
                  <td colSpan={width} className="bg-zinc-50 px-4 py-2 dark:bg-zinc-950">
                    {expanded}
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
  if (!props.frameClassName && !props.footer) return table;
  return (
    <div className={props.frameClassName}>
      {table}
      {props.footer}
    </div>
  );
}
