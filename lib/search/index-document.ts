import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { SearchDocument } from "@/lib/generated/prisma/client";
import type { EmbeddingProvider } from "@/lib/embeddings";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { baseName } from "@/lib/files/names";
import { explainS3Error, isS3NotFound } from "@/lib/files/s3-errors";
import { formatBytes } from "@/lib/format/units";
import { s3 } from "@/lib/s3/client";
import { chunkDocument, type Chunk, type Chunking } from "./chunk";
import { extractDocument, indexedContentType } from "./extract";
import { chunkPointId } from "./point-ids";
import { folderPrefixes, type ChunkPayload } from "./qdrant-requests";
import { sparseVector } from "./sparse";
import { deleteDocumentsPoints, upsertPoints, type StoredPoint } from "./vector-store";

/**
 * One document through the pipeline, in two steps. `prepareDocument` reads it from S3, extracts, chunks and
 * embeds it (documents are prepared side by side); `writeDocuments` then writes a group of prepared
 * documents at once: their points in a few upserts, one delete of every old chunk past each new end (or of
 * every chunk of a file that became unreadable or was deleted), then their rows in one statement. A row
 * changes to `indexed` only after its points are written and its surplus removed, and point ids are fixed
 * by (collection, bucket, key, chunk), so a run killed at any step leaves the row pending/processing and
 * the rerun overwrites the same points: no duplicate, and the surplus delete leaves no orphan. A file that
 * cannot be read is `failed`/`skipped` with a reason and its old points removed; errors of the embedding
 * provider or the stores are thrown to fail the operation, leaving the documents pending for the next run.
 */

export type IndexTarget = { collectionId: string; generation: number; chunking: Chunking; provider: EmbeddingProvider };
export type IndexStatus = "indexed" | "skipped" | "failed" | "removed";

/** What a prepared document needs written: its points (indexed) or the reason it has none. */
export type PreparedDocument =
  | {
      doc: SearchDocument;
      status: "indexed";
      points: StoredPoint[];
      etag: string;
      size: bigint;
      title: string;
      contentType: string;
      modifiedAt: Date | null;
    }
  | { doc: SearchDocument; status: "skipped" | "failed"; error: string; etag: string; size: bigint }
  /** Deleted between the listing and the read: it leaves the index like any deleted file. */
  | { doc: SearchDocument; status: "removed" };

// Chunks handed to the provider per call: the built-in model sorts them by length (little padding) and
// spreads its batches over its worker threads; remote providers split them into their own requests.
const EMBED_BATCH = 64;
// Points per upsert request: a group's points go in a few requests, each a few MB of JSON at most.
const UPSERT_BATCH = 256;

/** What is embedded and keyword-indexed for a chunk: its text under the document title and headings. */
export function chunkContext(title: string, chunk: Chunk): string {
  const path = [title, ...chunk.headings].filter(Boolean).join(" › ");
  return path ? `${path}\n\n${chunk.text}` : chunk.text;
}

export async function prepareDocument(doc: SearchDocument, target: IndexTarget): Promise<PreparedDocument> {
  await db().searchDocument.update({ where: { id: doc.id }, data: { status: "processing", attempts: { increment: 1 } } });
  const max = env().SEARCH_MAX_FILE_BYTES;
  if (doc.size > BigInt(max)) {
    return {
      doc,
      status: "skipped",
      error: `The file is ${formatBytes(Number(doc.size))}; files over ${formatBytes(max)} (SEARCH_MAX_FILE_BYTES) are not indexed.`,
      etag: doc.etag,
      size: doc.size,
    };
  }

  let object;
  try {
    object = await s3().send(new GetObjectCommand({ Bucket: doc.bucket, Key: doc.key }));
  } catch (error) {
    if (isS3NotFound(error)) return { doc, status: "removed" };
    throw explainS3Error(error, `Reading s3://${doc.bucket}/${doc.key}`);
  }
  const etag = object.ETag ?? doc.etag;
  const size = BigInt(object.ContentLength ?? Number(doc.size));
  const modifiedAt = object.LastModified ?? doc.modifiedAt;
  if (size > BigInt(max)) {
    // Grown past the limit since the listing: close the stream unread.
    (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
    return { doc, status: "skipped", error: `The file is ${formatBytes(Number(size))}; files over ${formatBytes(max)} are not indexed.`, etag, size };
  }
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  const extracted = await extractDocument(doc.key, object.ContentType, bytes);
  if (extracted.outcome !== "text") return { doc, status: extracted.outcome, error: extracted.reason, etag, size };

  const title = extracted.title?.slice(0, 300) || baseName(doc.key);
  const contentType = indexedContentType(doc.key, object.ContentType);
  const chunks = chunkDocument(extracted.blocks, target.chunking);
  if (chunks.length === 0) return { doc, status: "skipped", error: "The file has no text to index.", etag, size };

  const base: Omit<ChunkPayload, "chunk" | "headings" | "start" | "end" | "text"> = {
    bucket: doc.bucket,
    key: doc.key,
    dirs: folderPrefixes(doc.key),
    etag,
    content_type: contentType,
    modified_at: Math.floor((modifiedAt?.getTime() ?? 0) / 1000),
    size: Number(size),
    title,
  };
  // Embed every chunk before writing any: a provider that fails part-way leaves the index as it was (the
  // previous version, or nothing), never a document half new and half old. The vectors of one document stay
  // bounded by SEARCH_MAX_FILE_BYTES.
  const contexts = chunks.map((c) => chunkContext(title, c));
  const dense: number[][] = [];
  for (let i = 0; i < contexts.length; i += EMBED_BATCH) dense.push(...(await target.provider.embed(contexts.slice(i, i + EMBED_BATCH))));
  const points: StoredPoint[] = chunks.map((c, j) => ({
    id: chunkPointId(target.collectionId, doc.bucket, doc.key, c.index),
    dense: dense[j]!,
    sparse: sparseVector(contexts[j]!),
    payload: { ...base, chunk: c.index, headings: c.headings, start: c.start, end: c.end, ...(c.page !== undefined ? { page: c.page } : {}), text: c.text },
  }));
  return { doc, status: "indexed", points, etag, size, title, contentType, modifiedAt: modifiedAt ?? null };
}

/**
 * Writes a group of prepared documents: points first, then the old chunks past each new end (all of them
 * for a file with no text any more), then the rows. The order is what makes a crash harmless (see above).
 */
export async function writeDocuments(group: PreparedDocument[], target: IndexTarget): Promise<void> {
  const points = group.flatMap((p) => (p.status === "indexed" ? p.points : []));
  for (let i = 0; i < points.length; i += UPSERT_BATCH) await upsertPoints(target.collectionId, target.generation, points.slice(i, i + UPSERT_BATCH));
  await deleteDocumentsPoints(
    target.collectionId,
    target.generation,
    group.map((p) => ({ bucket: p.doc.bucket, key: p.doc.key, fromChunk: p.status === "indexed" ? p.points.length : 0 })),
  );
  const removed = group.filter((p) => p.status === "removed").map((p) => p.doc.id);
  if (removed.length > 0) await db().searchDocument.deleteMany({ where: { id: { in: removed } } });
  const kept = group.filter((p) => p.status !== "removed");
  if (kept.length === 0) return;
  const column = <T>(pick: (p: Exclude<PreparedDocument, { status: "removed" }>) => T) => kept.map(pick);
  const indexed = <T>(pick: (p: Extract<PreparedDocument, { status: "indexed" }>) => T) =>
    column((p) => (p.status === "indexed" ? pick(p) : null));
  // One statement for the group; title, content type and modified time only change for an indexed version
  // (a file that failed keeps what was known of it).
  await db().$executeRaw`
    UPDATE search_documents AS d SET
      status = t.status,
      error = t.error,
      chunks = t.chunks::int,
      title = COALESCE(t.title, d.title),
      content_type = COALESCE(t.content_type, d.content_type),
      modified_at = COALESCE(t.modified_at::timestamptz, d.modified_at),
      done_etag = t.etag,
      done_size = t.size::bigint,
      done_generation = ${target.generation},
      updated_at = now()
    FROM unnest(
      ${column((p) => p.doc.id.toString())}::text[],
      ${column((p) => p.status)}::text[],
      ${column((p) => (p.status === "indexed" ? null : p.error))}::text[],
      ${column((p) => String(p.status === "indexed" ? p.points.length : 0))}::text[],
      ${indexed((p) => p.title)}::text[],
      ${indexed((p) => p.contentType)}::text[],
      ${indexed((p) => p.modifiedAt?.toISOString() ?? null)}::text[],
      ${column((p) => p.etag)}::text[],
      ${column((p) => p.size.toString())}::text[]
    ) AS t(id, status, error, chunks, title, content_type, modified_at, etag, size)
    WHERE d.id = t.id::bigint`;
}
