import { infiniteQueryOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch, apiPath } from "@/lib/http/api-fetch";
import type { BucketSummary } from "./buckets";
import type { DeleteResult } from "./delete-objects";
import type { ListingPage } from "./list-objects";
import type { ObjectDetails } from "./object-details";
import type { PresignedUrl } from "./presign";
import type { CreateShareLinkInput, ShareLinkAccessView, ShareLinkView } from "./share-links";
import type { TransferRequest, TransferResult } from "./transfer-objects";
import type { UploadView } from "./uploads";
import { filesKeys } from "./keys";

/**
 * The browser's side of the files API: plain fetchers (one per route, the only place its URL is written),
 * the query options built on them, and what each change invalidates. Components call these; they never
 * build a URL or a key themselves.
 */

type Scope = "mine" | "all";

const bucketPath = (bucket: string) => `/api/files/buckets/${encodeURIComponent(bucket)}`;

export const filesApi = {
  listBuckets: () => apiFetch<{ buckets: BucketSummary[] }>("/api/files/buckets"),
  createBucket: (name: string) => apiFetch<{ name: string }>("/api/files/buckets", { method: "POST", json: { name } }),
  deleteBucket: (name: string) => apiFetch<{ name: string }>(bucketPath(name), { method: "DELETE" }),
  refreshUsage: () => apiFetch<{ queuedId: string }>("/api/files/usage", { method: "POST" }),
  listObjects: (bucket: string, prefix: string, filter: string, token: string | undefined, signal?: AbortSignal) =>
    apiFetch<ListingPage>(`${bucketPath(bucket)}/objects?${new URLSearchParams({ prefix, filter, ...(token ? { token } : {}) })}`, signal ? { signal } : {}),
  objectDetails: (bucket: string, key: string) => apiFetch<ObjectDetails>(`${bucketPath(bucket)}/object?${new URLSearchParams({ key })}`),
  presignPreview: (bucket: string, key: string) =>
    apiFetch<PresignedUrl>(`${bucketPath(bucket)}/download?${new URLSearchParams({ key, disposition: "inline", format: "json" })}`),
  deleteObjects: (bucket: string, body: { keys: string[]; prefixes: string[] }) => apiFetch<DeleteResult>(`${bucketPath(bucket)}/delete`, { method: "POST", json: body }),
  createFolder: (bucket: string, parent: string, name: string) => apiFetch<{ prefix: string }>(`${bucketPath(bucket)}/folders`, { method: "POST", json: { parent, name } }),
  transfer: (body: TransferRequest) => apiFetch<TransferResult>("/api/files/transfer", { method: "POST", json: body }),
  createShareLink: (body: CreateShareLinkInput) => apiFetch<{ url: string; link: ShareLinkView }>("/api/files/links", { method: "POST", json: body }),
  listShareLinks: (scope: Scope) => apiFetch<{ links: ShareLinkView[] }>(`/api/files/links?scope=${scope}&limit=200`),
  shareLinkAccesses: (id: string) => apiFetch<{ accesses: ShareLinkAccessView[] }>(`/api/files/links/${encodeURIComponent(id)}`),
  revokeShareLink: (id: string) => apiFetch<ShareLinkView>(`/api/files/links/${encodeURIComponent(id)}`, { method: "DELETE" }),
  listUploads: (scope: Scope) => apiFetch<{ uploads: UploadView[] }>(`/api/files/uploads?scope=${scope}&limit=200`),
};

/** A download through Strata (it answers with a redirect to a presigned URL), for links and `<a download>`. */
export function downloadHref(bucket: string, key: string): string {
  return apiPath(`${bucketPath(bucket)}/download?${new URLSearchParams({ key })}`);
}

export const filesQueries = {
  buckets: () => queryOptions({ queryKey: filesKeys.buckets(), queryFn: filesApi.listBuckets }),
  /** One folder's listing, page by page (S3 continuation tokens). */
  listing: (bucket: string, prefix: string, filter: string) =>
    infiniteQueryOptions({
      queryKey: filesKeys.listing(bucket, prefix, filter),
      queryFn: ({ pageParam, signal }) => filesApi.listObjects(bucket, prefix, filter, pageParam, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextToken ?? undefined,
    }),
  object: (bucket: string, key: string) => queryOptions({ queryKey: filesKeys.object(bucket, key), queryFn: () => filesApi.objectDetails(bucket, key) }),
  /** Uploads, polled while one is still running. */
  uploads: (scope: Scope) =>
    queryOptions({
      queryKey: filesKeys.uploads(scope),
      queryFn: () => filesApi.listUploads(scope),
      refetchInterval: (q) => (q.state.data?.uploads.some((u) => u.status === "uploading") ? 5_000 : false),
    }),
  links: (scope: Scope) => queryOptions({ queryKey: filesKeys.links(scope), queryFn: () => filesApi.listShareLinks(scope) }),
  linkAccesses: (id: string) => queryOptions({ queryKey: filesKeys.linkAccesses(id), queryFn: () => filesApi.shareLinkAccesses(id) }),
};

/** What each kind of change makes stale: the one place a files mutation's invalidation is decided. */
export const filesInvalidation = {
  /** Objects were added, removed or moved (in one bucket, or anywhere for cross-bucket moves). */
  objectsChanged: (client: QueryClient, bucket?: string) => client.invalidateQueries({ queryKey: filesKeys.objects(bucket) }),
  /** An upload finished: its bucket's listings and the upload history. */
  uploadFinished: (client: QueryClient, bucket: string) =>
    Promise.all([client.invalidateQueries({ queryKey: filesKeys.objects(bucket) }), client.invalidateQueries({ queryKey: filesKeys.uploads() })]),
  bucketsChanged: (client: QueryClient) => client.invalidateQueries({ queryKey: filesKeys.buckets() }),
  linksChanged: (client: QueryClient) => client.invalidateQueries({ queryKey: filesKeys.links() }),
};
