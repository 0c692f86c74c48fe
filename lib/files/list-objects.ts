import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { s3 } from "@/lib/s3/client";
import { explainS3Error } from "./s3-errors";

export type ObjectEntry = {
  key: string;
  size: number;
  lastModified: string | null;
  etag: string | null;
  storageClass: string | null;
};

export type ListingPage = {
  /** Sub-folders (common prefixes) on this page, as full prefixes ending in "/". */
  folders: string[];
  objects: ObjectEntry[];
  /** Pass back to get the next page; null on the last one. */
  nextToken: string | null;
};

export type ListObjectsInput = {
  bucket: string;
  prefix: string;
  continuationToken?: string | undefined;
  maxKeys?: number;
  /** "/" (the default) lists one folder level; "" lists every key under the prefix. */
  delimiter?: "/" | "";
};

/**
 * One page of a folder: a thin pass-through over ListObjectsV2 with Delimiter "/", so opening a prefix of
 * 100k objects costs what opening one of ten does (one request, one page). Name filtering is done by
 * the store too: the caller appends the typed text to the prefix.
 */
export async function listObjectsPage({ bucket, prefix, continuationToken, maxKeys = 1000, delimiter = "/" }: ListObjectsInput): Promise<ListingPage> {
  try {
    const out = await s3().send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix === "" ? undefined : prefix,
        Delimiter: delimiter === "" ? undefined : delimiter,
        ContinuationToken: continuationToken,
        MaxKeys: maxKeys,
      }),
    );
    const objects: ObjectEntry[] = [];
    for (const o of out.Contents ?? []) {
      // The folder's own marker object ("photos/" inside "photos/") is the folder, not an entry in it.
      if (o.Key === undefined || o.Key === prefix) continue;
      objects.push({
        key: o.Key,
        size: o.Size ?? 0,
        lastModified: o.LastModified?.toISOString() ?? null,
        etag: o.ETag ?? null,
        storageClass: o.StorageClass ?? null,
      });
    }
    return {
      folders: (out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix === undefined ? [] : [p.Prefix])),
      objects,
      nextToken: out.IsTruncated ? (out.NextContinuationToken ?? null) : null,
    };
  } catch (error) {
    throw explainS3Error(error, `Listing s3://${bucket}/${prefix}`);
  }
}
