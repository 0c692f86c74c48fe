import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import picomatch from "picomatch";
import { db } from "@/lib/db/client";
import { explainS3Error } from "@/lib/files/s3-errors";
import { s3 } from "@/lib/s3/client";
import type { Source } from "./schemas";

/**
 * The listing phase of a sync: every object of every source, a page of up to 1,000 at a time, written to
 * search_documents in one statement per page. A row whose ETag, size or generation differs from what was
 * last indexed becomes `pending`; every row seen is stamped with the operation, so rows a complete
 * listing did not stamp are objects that left the bucket. Memory holds one page, whatever the prefix size.
 */

export type ListedObject = { key: string; etag: string; size: number; modifiedAt: Date | null };

export function sourceMatcher(source: Source): (key: string) => boolean {
  const include = source.include.length ? picomatch(source.include, { dot: true }) : () => true;
  const exclude = source.exclude.length ? picomatch(source.exclude, { dot: true }) : () => false;
  return (key) => {
    // Folder markers are not documents.
    if (key.endsWith("/")) return false;
    const rel = key.slice(source.prefix.length);
    return include(rel) && !exclude(rel);
  };
}

export async function* listSource(source: Source): AsyncGenerator<ListedObject[]> {
  const wanted = sourceMatcher(source);
  let token: string | undefined;
  do {
    let page;
    try {
      page = await s3().send(
        new ListObjectsV2Command({ Bucket: source.bucket, Prefix: source.prefix || undefined, ContinuationToken: token }),
      );
    } catch (error) {
      throw explainS3Error(error, `Listing s3://${source.bucket}/${source.prefix}`);
    }
    yield (page.Contents ?? []).flatMap((o) =>
      o.Key !== undefined && wanted(o.Key)
        ? [{ key: o.Key, etag: o.ETag ?? "", size: o.Size ?? 0, modifiedAt: o.LastModified ?? null }]
        : [],
    );
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** Records one listed page; answers how many of its objects need indexing. */
export async function recordListedPage(input: {
  collectionId: string;
  bucket: string;
  operationId: bigint;
  generation: number;
  objects: ListedObject[];
}): Promise<number> {
  if (input.objects.length === 0) return 0;
  const keys = input.objects.map((o) => o.key);
  const etags = input.objects.map((o) => o.etag);
  const sizes = input.objects.map((o) => String(o.size));
  const modified = input.objects.map((o) => o.modifiedAt?.toISOString() ?? null);
  const rows = await db().$queryRaw<Array<{ pending: boolean }>>`
    INSERT INTO search_documents AS d (collection_id, bucket, key, etag, size, modified_at, status, seen_by, updated_at)
    SELECT ${input.collectionId}::uuid, ${input.bucket}, k, e, s::bigint, m::timestamptz, 'pending', ${input.operationId}, now()
    FROM unnest(${keys}::text[], ${etags}::text[], ${sizes}::text[], ${modified}::text[]) AS t(k, e, s, m)
    ON CONFLICT (collection_id, bucket, key) DO UPDATE SET
      etag = EXCLUDED.etag,
      size = EXCLUDED.size,
      modified_at = EXCLUDED.modified_at,
      seen_by = EXCLUDED.seen_by,
      updated_at = now(),
      status = CASE
        WHEN d.done_etag IS DISTINCT FROM EXCLUDED.etag OR d.done_size IS DISTINCT FROM EXCLUDED.size
          OR d.done_generation IS DISTINCT FROM ${input.generation} THEN 'pending'
        ELSE d.status END,
      attempts = CASE
        WHEN d.done_etag IS DISTINCT FROM EXCLUDED.etag OR d.done_size IS DISTINCT FROM EXCLUDED.size THEN 0
        ELSE d.attempts END
    RETURNING (d.status = 'pending') AS pending`;
  return rows.filter((r) => r.pending).length;
}
