import type { ReactNode } from "react";

export type Column = { label: string; align?: "right"; srOnly?: boolean };

/**
 * The console's table: one header style and row divider everywhere. Callers pass the rows (their cells keep
 * their own classes) and columns; a `false`/`null` column is left out, for columns only some roles see.
 */
export function DataTable({
  columns,
  children,
  headerCell = "px-3 py-2",
}: {
  columns: (Column | false | null)[];
  children: ReactNode;
  /** Padding of header cells, to line up with the row cells' own padding. */
  headerCell?: string;
}) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800">
        <tr>
          {columns
            .filter((c): c is Column => Boolean(c))
            .map((c) => (
              <th key={c.label} scope="col" className={`${headerCell} font-medium ${c.align === "right" ? "text-right" : ""}`}>
                {c.srOnly ? <span className="sr-only">{c.label}</span> : c.label}
              </th>
            ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">{children}</tbody>
    </table>
  );
}
