import type { ReactNode } from "react";
import { collectionFallback, SelectCheckbox, type CollectionProps } from "./collection";

export type DataGridProps<T> = CollectionProps<T> & {
  /** One tile: the grid adds the selection checkbox and the frame. */
  renderItem: (row: T) => ReactNode;
  /** Smallest tile width; the grid fits as many columns as the width allows. */
  minItemWidth?: string;
  itemTestId?: string;
  /** Accessible name of the grid, e.g. "Generated images". */
  label: string;
};

/**
 * The gallery sibling of `DataTable`: the same loading, error, empty and selection props, tiles instead of
 * rows (image and audio outputs, model cards). A section can offer both views over one query and one
 * `useSelection`.
 */
export function DataGrid<T>(props: DataGridProps<T>) {
  const fallback = collectionFallback(props, 3);
  if (fallback) return <>{fallback}</>;
  const { rowKey, selection, minItemWidth = "12rem" } = props;
  return (
    <ul aria-label={props.label} className="grid gap-3" style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${minItemWidth}, 1fr))` }}>
      {(props.rows ?? []).map((row) => {
        const key = rowKey(row);
        const selected = selection?.selected.has(key) ?? false;
        return (
          <li
            key={key}
            data-testid={props.itemTestId}
            data-selected={selection ? selected : undefined}
            className={`relative overflow-hidden rounded-lg border bg-white dark:bg-zinc-900 ${
              selected ? "border-accent-500 ring-2 ring-accent-500/40" : "border-zinc-200 dark:border-zinc-800"
            }`}
          >
            {selection ? (
              <span className="absolute top-2 left-2 z-10 rounded bg-white/90 p-0.5 dark:bg-zinc-900/90">
                <SelectCheckbox selection={selection} rowKey={key} />
              </span>
            ) : null}
            {props.renderItem(row)}
          </li>
        );
      })}
    </ul>
  );
}
