import { apiPath } from "@/lib/http/api-fetch";

/**
 * The browser's side of outputs: the only place an output's URL is written. The gallery is rendered on the
 * server and changes through server actions (then `router.refresh()`), so it has no client query or cache key
 * to share yet; a fetcher, its query options and an invalidation table belong here when one appears.
 */

/** The short link that opens an output (hot copy, else cold) and counts as an access; the gallery's previews do not. */
export function outputOpenHref(id: string): string {
  return apiPath(`/o/${encodeURIComponent(id)}`);
}
