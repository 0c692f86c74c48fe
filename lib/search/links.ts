import { filesHref } from "@/lib/files/paths";
import { parentPrefix } from "@/lib/files/names";

/**
 * Where a search result leads. Open goes through the console's presigning route (a short-lived inline URL;
 * the bytes come from the store, not the app); a PDF opens at the chunk's page (`#page=`, which browsers
 * keep across the redirect). HTML is downloaded rather than shown, so a stored page never runs as a site.
 */
export function openHref(bucket: string, key: string, contentType: string, page?: number): string {
  const disposition = contentType === "text/html" ? "attachment" : "inline";
  const base = `/api/files/buckets/${encodeURIComponent(bucket)}/download?${new URLSearchParams({ key, disposition })}`;
  return page ? `${base}#page=${page}` : base;
}

export function showInFilesHref(bucket: string, key: string): string {
  return filesHref(bucket, parentPrefix(key), { object: key });
}
