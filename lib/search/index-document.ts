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
import { deleteDocumentPoints, upsertPoints, type StoredPoint } from "./vector-store";

/**
 * One document through the pipeline: read from S3, extract, chunk, embed, write its points, remove the
 * previous version's surplus chunks, then record it as indexed. Its row changes to `indexed` only after
 * every point is written, and point ids are fixed by (collection, bucket, key, chunk), so a run killed at
 * any step leaves the row pending/processing and the rerun overwrites the same points: no duplicate, and
 * the surplus delete leaves no orphan. A file that cannot be read is `failed`/`skipped` with a reason and
 * its old points removed; errors of the embedding provider or the stores are thrown to fail the
 * operation, leaving the document pending for the next run.
 */

export type IndexTarget = { collectionId: string; generation: number; chunking: Chunking; provider: EmbeddingProvider };
export type IndexOutcome = { status: "indexed" | "skipped" | "failed" | "removed"; chunks: number };

// Chunks handed to the provider per call: the built-in model sorts them by length (little padding) and
// spreads its batches over its worker threads; remote providers split them into their own requests.
const EMBED_BATCH = 64;
const UPSERT_BATCH = 128;

/** What is embedded and keyword-indexed for a chunk: its text under the document title and headings. */
export function chunkContext(title: string, chunk: Chunk): string {
  const path = [title, ...chunk.headings].filter(Boolean).join(" › ");
  return path ? `${path}\n\n${chunk.text}` : chunk.text;
}

async function settle(doc: SearchDocument, target: IndexTarget, data: { status: "skipped" | "failed"; error: string; etag: string; size: bigint }): Promise<IndexOutcome> {
  await deleteDocumentPoints(target.collectionId, target.generation, doc.bucket, doc.key);
  await db().searchDocument.update({
    where: { id: doc.id },
    data: { status: data.status, error: data.error, chunks: 0, doneEtag: data.etag, doneSize: data.size, doneGeneration: target.generation },
  });
  return { status: data.status, chunks: 0 };
}

export async function indexDocument(doc: SearchDocument, target: IndexTarget): Promise<IndexOutcome> {
  await db().searchDocument.update({ where: { id: doc.id }, data: { status: "processing", attempts: { increment: 1 } } });
  const max = env().SEARCH_MAX_FILE_BYTES;
  if (doc.size > BigInt(max)) {
    return settle(doc, target, {
      status: "skipped",
      error: `The file is ${formatBytes(Number(doc.size))}; files over ${formatBytes(max)} (SEARCH_MAX_FILE_BYTES) are not indexed.`,
      etag: doc.etag,
      size: doc.size,
    });
  }

  let object;
  try {
    object = await s3().send(new GetObjectCommand({ Bucket: doc.bucket, Key: doc.key }));
  } catch (error) {
    if (isS3NotFound(error)) {
      // Deleted between the listing and now: it leaves the index like any deleted file.
      await deleteDocumentPoints(target.collectionId, target.generation, doc.bucket, doc.key);
      await db().searchDocument.delete({ where: { id: doc.id } });
      return { status: "removed", chunks: 0 };
    }
    throw explainS3Error(error, `Reading s3://${doc.bucket}/${doc.key}`);
  }
  const etag = object.ETag ?? doc.etag;
  const size = BigInt(object.ContentLength ?? Number(doc.size));
  const modifiedAt = object.LastModified ?? doc.modifiedAt;
  if (size > BigInt(max)) {
    // Grown past the limit since the listing: close the stream unread.
    (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
    return settle(doc, target, { status: "skipped", error: `The file is ${formatBytes(Number(size))}; files over ${formatBytes(max)} are not indexed.`, etag, size });
  }
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  const extracted = await extractDocument(doc.key, object.ContentType, bytes);
  if (extracted.outcome !== "text") return settle(doc, target, { status: extracted.outcome, error: extracted.reason, etag, size });

  const title = extracted.title?.slice(0, 300) || baseName(doc.key);
  const contentType = indexedContentType(doc.key, object.ContentType);
  const chunks = chunkDocument(extracted.blocks, target.chunking);
  if (chunks.length === 0) return settle(doc, target, { status: "skipped", error: "The file has no text to index.", etag, size });

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
  for (let i = 0; i < points.length; i += UPSERT_BATCH) await upsertPoints(target.collectionId, target.generation, points.slice(i, i + UPSERT_BATCH));
  // A shorter new version leaves the old version's tail behind: remove chunks past the new end.
  await deleteDocumentPoints(target.collectionId, target.generation, doc.bucket, doc.key, chunks.length);
  await db().searchDocument.update({
    where: { id: doc.id },
    data: {
      status: "indexed",
      error: null,
      chunks: chunks.length,
      title,
      contentType,
      doneEtag: etag,
      doneSize: size,
      doneGeneration: target.generation,
      ...(modifiedAt ? { modifiedAt } : {}),
    },
  });
  return { status: "indexed", chunks: chunks.length };
}
