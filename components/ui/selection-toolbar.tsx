import type { ReactNode } from "react";
import { Button } from "./button";

/**
 * The bar that appears while something is selected in a table or grid: how many, the bulk actions the
 * caller passes (only those the caller's role allows), and a way to clear the selection.
 */
export function SelectionToolbar({ count, onClear, children }: { count: number; onClear: () => void; children?: ReactNode }) {
  if (count === 0) return null;
  return (
    <div role="toolbar" aria-label="Actions on the selection" className="flex flex-wrap items-center gap-2 rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-900">
      <span className="font-medium">{count} selected</span>
      {children}
      <Button size="sm" variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}
