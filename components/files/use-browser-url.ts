"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import type { SortField, SortOrder } from "@/lib/files/object-rows";
import { filesHref } from "@/lib/files/paths";

const sortFields: SortField[] = ["name", "size", "modified"];

type Patch = Partial<{ filter: string; sort: SortField; order: SortOrder; object: string | null }>;

/**
 * The browser's state that belongs in the URL, so a view can be shared and survives a reload: the name
 * filter (`q`), the sort (`sort`, `order`) and the open object (`object`). Defaults are left out of the URL.
 */
export function useBrowserUrl(bucket: string, prefix: string) {
  const router = useRouter();
  const search = useSearchParams();
  return useMemo(() => {
    const state = {
      filter: search.get("q") ?? "",
      sort: (sortFields as string[]).includes(search.get("sort") ?? "") ? (search.get("sort") as SortField) : "name",
      order: search.get("order") === "desc" ? ("desc" as const) : ("asc" as const),
      object: search.get("object"),
    };
    const href = (patch: Patch) => {
      const next = { ...state, ...patch };
      return filesHref(bucket, prefix, {
        q: next.filter || undefined,
        sort: next.sort === "name" ? undefined : next.sort,
        order: next.order === "asc" ? undefined : next.order,
        object: next.object ?? undefined,
      });
    };
    return { ...state, href, replace: (patch: Patch) => router.replace(href(patch), { scroll: false }) };
  }, [bucket, prefix, search, router]);
}

export type BrowserUrl = ReturnType<typeof useBrowserUrl>;

/**
 * The filter box's own text, written to the URL after typing pauses. A click that navigates away calls
 * `cancelPending` first, so a late write cannot pull the page back.
 */
export function useFilterInput(url: BrowserUrl) {
  const [value, setValue] = useState(url.filter);
  const { replace, filter } = url;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (value === filter) return;
    timer.current = setTimeout(() => replace({ filter: value }), 300);
    return () => clearTimeout(timer.current);
  }, [value, filter, replace]);
  return { value, setValue, cancelPending: () => clearTimeout(timer.current) };
}
