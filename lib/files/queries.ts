import { infiniteQueryOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch, apiPath } from "@/lib/http/api-fetch";
import type { BucketSummary } from "./buckets";
import type { DeleteResult } from "./delete-objects";
import type { ListingPage } from "./list-objects";
import type { ObjectDetails } from "./object-details";
import type { PresignedUrl } from "./presign";
import type { PreviewFamily } from "./preview";
import type { CreateShareLinkInput, ShareLinkAccessView, ShareLinkView } from "./share-links";
import type { TransferRequest, TransferResult } from "./transfer-objects";
import type { UploadView } from "./uploads";
import type { CorsRule, Versioning } from "./bucket-settings";
import type { LifecycleRule } from "./lifecycle";
import type { OperationView, StartOperationInput } from "./operation-schemas";
import { filesKeys } from "./keys";

/**
 * The browser's side of the files API: plain fetchers (one per route, the only place its URL is written),
 * the query options built on them, and what each change invalidates. Components call these; they never
 * build a URL or a key themselves.
 */

type Scope = "mine" | "all";
type LinkState = "any" | "active" | "inactive";

const bucketPath = (bucket: string) => `/api/files/buckets/${encodeURIComponent(bucket)}`;

export const filesApi = {
  listBuckets: () => apiFetch<{ buckets: BucketSummary[] }>("/api/files/buckets"),
  createBucket: (name: string) => apiFetch<{ name: string }>("/api/files/buckets", { method: "POST", json: { name } }),
  deleteBucket: (name: string) => apiFetch<{ name: string }>(bucketPath(name), { method: "DELETE" }),
  refreshUsage: () => apiFetch<{ queuedId: string }>("/api/files/usage", { method: "POST" }),
  listObjects: (bucket: string, prefix: string, filter: string, token: string | undefined, signal?: AbortSignal) =>
    apiFetch<ListingPage>(`${bucketPath(bucket)}/objects?${new URLSearchParams({ prefix, filter, ...(token ? { token } : {}) })}`, signal ? { signal } : {}),
  /** The whole folder level sorted by size or date on the server (413 above its bound). */
  listObjectsSorted: (bucket: string, prefix: string, filter: string, sort: "size" | "modified", order: "asc" | "desc") =>
    apiFetch<ListingPage>(`${bucketPath(bucket)}/objects?${new URLSearchParams({ prefix, filter, sort, order })}`),
  objectDetails: (bucket: string, key: string) => apiFetch<ObjectDetails>(`${bucketPath(bucket)}/object?${new URLSearchParams({ key })}`),
  /** An inline GET URL whose response type is forced to what the preview family shows (lib/files/preview.ts). */
  presignPreview: (bucket: string, key: string, family: PreviewFamily) =>
    apiFetch<PresignedUrl>(`${bucketPath(bucket)}/download?${new URLSearchParams({ key, preview: family, format: "json" })}`),
  /** A text preview's bytes, straight from the store through its presigned URL. */
  previewText: async (url: string) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`The store answered ${response.status}.`);
    return response.text();
  },
  deleteObjects: (bucket: string, body: { keys: string[]; prefixes: string[] }) => apiFetch<DeleteResult>(`${bucketPath(bucket)}/delete`, { method: "POST", json: body }),
  createFolder: (bucket: string, parent: string, name: string) => apiFetch<{ prefix: string }>(`${bucketPath(bucket)}/folders`, { method: "POST", json: { parent, name } }),
  transfer: (body: TransferRequest) => apiFetch<TransferResult>("/api/files/transfer", { method: "POST", json: body }),
  createShareLink: (body: CreateShareLinkInput) => apiFetch<{ url: string; link: ShareLinkView }>("/api/files/links", { method: "POST", json: body }),
  listShareLinks: (scope: Scope, state: LinkState = "any") => apiFetch<{ links: ShareLinkView[] }>(`/api/files/links?${new URLSearchParams({ scope, state, limit: "200" })}`),
  cleanUpShareLinks: (scope: Scope) => apiFetch<{ deleted: number }>(`/api/files/links?scope=${scope}`, { method: "DELETE" }),
  shareLinkAccesses: (id: string) => apiFetch<{ accesses: ShareLinkAccessView[] }>(`/api/files/links/${encodeURIComponent(id)}`),
  revokeShareLink: (id: string) => apiFetch<ShareLinkView>(`/api/files/links/${encodeURIComponent(id)}`, { method: "DELETE" }),
  listUploads: (scope: Scope) => apiFetch<{ uploads: UploadView[] }>(`/api/files/uploads?scope=${scope}&limit=200`),
  existingKeys: (bucket: string, keys: string[]) => apiFetch<{ existing: string[] }>(`${bucketPath(bucket)}/existing`, { method: "POST", json: { keys } }),
  listOperations: (scope: Scope) => apiFetch<{ items: OperationView[] }>(`/api/files/operations?scope=${scope}&limit=100`),
  startOperation: (body: StartOperationInput) => apiFetch<OperationView>("/api/files/operations", { method: "POST", json: body }),
  cancelOperation: (id: string) => apiFetch<OperationView>(`/api/files/operations/${encodeURIComponent(id)}/cancel`, { method: "POST" }),
  putLifecycle: (bucket: string, rules: LifecycleRule[]) => apiFetch<{ rules: LifecycleRule[] }>(`${bucketPath(bucket)}/lifecycle`, { method: "PUT", json: { rules } }),
  setVersioning: (bucket: string, enabled: boolean) => apiFetch<{ versioning: Versioning }>(`${bucketPath(bucket)}/versioning`, { method: "PUT", json: { enabled } }),
  putCors: (bucket: string, rules: CorsRule[]) => apiFetch<{ rules: CorsRule[] }>(`${bucketPath(bucket)}/cors`, { method: "PUT", json: { rules } }),
  restoreVersion: (bucket: string, key: string, versionId: string) =>
    apiFetch<{ key: string; versionId: string | null }>(`${bucketPath(bucket)}/versions`, { method: "POST", json: { key, versionId } }),
  deleteVersion: (bucket: string, key: string, versionId: string) =>
    apiFetch<{ key: string; versionId: string }>(`${bucketPath(bucket)}/versions?${new URLSearchParams({ key, versionId })}`, { method: "DELETE" }),
};

/** A previous version's download (a redirect to a presigned GET). */
export function versionDownloadHref(bucket: string, key: string, versionId: string): string {
  return apiPath(`${bucketPath(bucket)}/download?${new URLSearchParams({ key, versionId })}`);
}

/** A finished zip's download (a redirect to a presigned GET). */
export function operationDownloadHref(id: string): string {
  return apiPath(`/api/files/operations/${encodeURIComponent(id)}/download`);
}

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
  sortedListing: (bucket: string, prefix: string, filter: string, sort: "size" | "modified", order: "asc" | "desc") =>
    queryOptions({
      queryKey: filesKeys.sortedListing(bucket, prefix, filter, sort, order),
      queryFn: () => filesApi.listObjectsSorted(bucket, prefix, filter, sort, order),
      // A folder too large to sort answers 413 every time; asking again would not change that.
      retry: false,
    }),
  object: (bucket: string, key: string) => queryOptions({ queryKey: filesKeys.object(bucket, key), queryFn: () => filesApi.objectDetails(bucket, key) }),
  /** Uploads, polled while one is still running. */
  uploads: (scope: Scope) =>
    queryOptions({
      queryKey: filesKeys.uploads(scope),
      queryFn: () => filesApi.listUploads(scope),
      refetchInterval: (q) => (q.state.data?.uploads.some((u) => u.status === "uploading") ? 5_000 : false),
    }),
  links: (scope: Scope, state: LinkState = "any") => queryOptions({ queryKey: filesKeys.links(scope, state), queryFn: () => filesApi.listShareLinks(scope, state) }),
  /** Folder operations, polled while one is queued or running. */
  operations: (scope: Scope) =>
    queryOptions({
      queryKey: filesKeys.operations(scope),
      queryFn: () => filesApi.listOperations(scope),
      refetchInterval: (q) => (q.state.data?.items.some((o) => o.status === "queued" || o.status === "running") ? 2_000 : false),
    }),
  linkAccesses: (id: string) => queryOptions({ queryKey: filesKeys.linkAccesses(id), queryFn: () => filesApi.shareLinkAccesses(id) }),
  /** The presigned URL of an object's preview; kept a minute (the URL lives longer). */
  previewUrl: (bucket: string, key: string, family: PreviewFamily) =>
    queryOptions({ queryKey: filesKeys.previewUrl(bucket, key), queryFn: () => filesApi.presignPreview(bucket, key, family), staleTime: 60_000 }),
  /** A text preview, fetched from its presigned URL (part of the key: a new URL is a new read). */
  previewText: (bucket: string, key: string, url: string | undefined) =>
    queryOptions({ queryKey: filesKeys.previewText(bucket, key, url), queryFn: () => filesApi.previewText(url!), enabled: url !== undefined, staleTime: 60_000 }),
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
  operationsChanged: (client: QueryClient) => client.invalidateQueries({ queryKey: filesKeys.operations() }),
  /** A version was restored or deleted: the object's details and its folder's listing. */
  versionsChanged: (client: QueryClient, bucket: string, key: string) =>
    Promise.all([client.invalidateQueries({ queryKey: filesKeys.object(bucket, key) }), client.invalidateQueries({ queryKey: filesKeys.objects(bucket) })]),
};
