"use client";

import { useMemo, useState } from "react";
import type { Selection } from "./collection";

/** Selection state for a `DataTable`/`DataGrid`, by row key, owned by the section that acts on it. */
export function useSelection(label?: (key: string) => string): Selection & { clear(): void } {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  return useMemo(
    () => ({ selected, onChange: setSelected, clear: () => setSelected(new Set()), ...(label ? { label } : {}) }),
    [selected, label],
  );
}
