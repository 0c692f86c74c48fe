/** The pure part of a collection's state (sorting, selection), kept apart so it is unit-tested. */

export type SortOrder = "asc" | "desc";
export type SortState = { column: string; order: SortOrder };

export type SortValue = string | number | null | undefined;

/**
 * Rows ordered by one column's value, nulls last in either order; ties keep their incoming order
 * (Array.prototype.sort is stable), so a server's secondary order survives.
 */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, order: SortOrder): T[] {
  const sign = order === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === "number" && typeof y === "number") return (x - y) * sign;
    return String(x).localeCompare(String(y), undefined, { numeric: true }) * sign;
  });
}

/** The next selection after toggling one key. */
export function toggledKey(selected: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(selected);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** Select every key, or none when every key is already selected. */
export function toggledAll(selected: ReadonlySet<string>, keys: readonly string[]): Set<string> {
  return keys.length > 0 && keys.every((k) => selected.has(k)) ? new Set() : new Set(keys);
}

