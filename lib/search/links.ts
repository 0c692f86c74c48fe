import { filesHref } from "@/lib/files/paths";
import { parentPrefix } from "@/lib/files/names";

/**
 * Where a search result leads. Open goes through the console's presigning route (app/api/search/open: a
 * short-lived inline URL, lib/search/open.ts; the bytes come from the store, not the app); a PDF opens at
 * the chunk's page (`#page=`, which browsers keep across the redirect).
 */
export function openHref(bucket: string, key: string, contentType: string, page?: number): string {
  const base = `/api/search/open?${new URLSearchParams({ bucket, key, type: contentType })}`;
  return page ? `${base}#page=${page}` : base;
}

export function showInFilesHref(bucket: string, key: string): string {
  return filesHref(bucket, parentPrefix(key), { object: key });
}
