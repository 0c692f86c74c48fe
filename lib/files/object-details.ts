import {
  GetBucketVersioningCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
} from "@aws-sdk/client-s3";
import { s3 } from "@/lib/s3/client";
import { explainS3Error } from "./s3-errors";

export type ObjectVersion = { versionId: string; size: number; lastModified: string | null; isLatest: boolean; deleteMarker: boolean };

export type ObjectDetails = {
  bucket: string;
  key: string;
  size: number;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  storageClass: string;
  metadata: Record<string, string>;
  /** null when the store does not support object tags. */
  tags: Record<string, string> | null;
  versioning: "Enabled" | "Suspended" | "Off" | "Unknown";
  /** Versions of this key, newest first; empty when versioning is off. */
  versions: ObjectVersion[];
};

/** Optional features some S3-compatible stores lack: their absence is shown as "not available", not an error. */
async function optional<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch {
    return null;
  }
}

export async function getObjectDetails(bucket: string, key: string): Promise<ObjectDetails> {
  let head;
  try {
    head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    throw explainS3Error(error, `s3://${bucket}/${key}`);
  }
  const [tagging, versioning] = await Promise.all([
    optional(() => s3().send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))),
    optional(() => s3().send(new GetBucketVersioningCommand({ Bucket: bucket }))),
  ]);
  const state = versioning === null ? "Unknown" : (versioning.Status ?? "Off");
  let versions: ObjectVersion[] = [];
  if (state === "Enabled" || state === "Suspended") {
    const listed = await optional(() => s3().send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, MaxKeys: 100 })));
    const entries = [
      ...(listed?.Versions ?? []).map((v) => ({ ...v, deleteMarker: false })),
      ...(listed?.DeleteMarkers ?? []).map((m) => ({ ...m, Size: 0, deleteMarker: true })),
    ];
    versions = entries
      .filter((v) => v.Key === key && v.VersionId)
      .map((v) => ({
        versionId: v.VersionId!,
        size: v.Size ?? 0,
        lastModified: v.LastModified?.toISOString() ?? null,
        isLatest: v.IsLatest ?? false,
        deleteMarker: v.deleteMarker,
      }))
      .sort((a, b) => (b.lastModified ?? "").localeCompare(a.lastModified ?? ""));
  }
  return {
    bucket,
    key,
    size: head.ContentLength ?? 0,
    contentType: head.ContentType ?? null,
    etag: head.ETag ?? null,
    lastModified: head.LastModified?.toISOString() ?? null,
    storageClass: head.StorageClass ?? "STANDARD",
    metadata: head.Metadata ?? {},
    tags: tagging ? Object.fromEntries((tagging.TagSet ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])) : null,
    versioning: state === "Enabled" || state === "Suspended" || state === "Unknown" ? state : "Off",
    versions,
  };
}
