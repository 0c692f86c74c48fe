import { randomUUID } from "node:crypto";
import type { Prisma, SearchCollection } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { conflict, notFound } from "@/lib/http/errors";
import { chunkingSchema, type Chunking } from "./chunk";
import type { EmbeddingModelRef } from "@/lib/embeddings";
import { sourceSchema, type CreateCollectionInput, type Source, type UpdateCollectionInput } from "./schemas";

/**
 * Collections and their documents in PostgreSQL: what a collection is (sources, model, chunking,
 * schedule) and the counts the pages and the API show.
 */

export type CollectionRecord = {
  id: string;
  name: string;
  description: string;
  sources: Source[];
  model: EmbeddingModelRef;
  dimensions: number | null;
  chunking: Chunking;
  schedule: string | null;
  owner: { id: string; name: string };
  generation: number;
  createdAt: string;
  updatedAt: string;
  lastSyncAt: string | null;
};

export function toRecord(row: SearchCollection): CollectionRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    sources: sourceSchema.array().parse(row.sources),
    model: { provider: row.modelProvider as EmbeddingModelRef["provider"], model: row.modelName },
    dimensions: row.dimensions,
    chunking: chunkingSchema.parse(row.chunking),
    schedule: row.schedule,
    owner: { id: row.ownerId, name: row.ownerName },
    generation: row.generation,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
  };
}

export async function findCollection(name: string): Promise<CollectionRecord | null> {
  const row = await db().searchCollection.findUnique({ where: { name } });
  return row ? toRecord(row) : null;
}

export async function getCollection(name: string): Promise<CollectionRecord> {
  const found = await findCollection(name);
  if (!found) throw notFound(`There is no collection named "${name}".`);
  return found;
}

export async function getCollectionById(id: string): Promise<CollectionRecord> {
  const row = await db().searchCollection.findUnique({ where: { id } });
  if (!row) throw notFound(`The collection ${id} no longer exists.`);
  return toRecord(row);
}

export async function insertCollection(input: CreateCollectionInput, owner: { id: string; name: string }): Promise<CollectionRecord> {
  try {
    const row = await db().searchCollection.create({
      data: {
        id: randomUUID(),
        name: input.name,
        description: input.description,
        sources: input.sources as Prisma.InputJsonValue,
        modelProvider: input.model.provider,
        modelName: input.model.model,
        chunking: input.chunking as Prisma.InputJsonValue,
        schedule: input.schedule,
        ownerId: owner.id,
        ownerName: owner.name,
      },
    });
    return toRecord(row);
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw conflict(`A collection named "${input.name}" already exists.`);
    throw error;
  }
}

/** Saves new settings; says whether the vectors must be rebuilt (a new model or new chunking). */
export async function saveCollectionSettings(current: CollectionRecord, input: UpdateCollectionInput): Promise<{ collection: CollectionRecord; reindex: boolean }> {
  const model = input.model ?? current.model;
  const chunking = input.chunking ?? current.chunking;
  const reindex =
    model.provider !== current.model.provider || model.model !== current.model.model || JSON.stringify(chunking) !== JSON.stringify(current.chunking);
  const row = await db().searchCollection.update({
    where: { id: current.id },
    data: {
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.sources ? { sources: input.sources as Prisma.InputJsonValue } : {}),
      ...(input.schedule !== undefined ? { schedule: input.schedule } : {}),
      // Model and chunking apply to the next generation: the re-index operation switches them over when it
      // swaps the alias, so search keeps embedding queries with the model of the vectors it reads meanwhile.
    },
  });
  return { collection: toRecord(row), reindex: reindex && (input.model !== undefined || input.chunking !== undefined) };
}

export type DocumentCounts = Record<"pending" | "processing" | "indexed" | "skipped" | "failed", number> & { total: number; chunks: number; bytes: number };

const emptyCounts = (): DocumentCounts => ({ pending: 0, processing: 0, indexed: 0, skipped: 0, failed: 0, total: 0, chunks: 0, bytes: 0 });

/** Documents per status, chunks and bytes of each collection, in one grouped query. */
export async function documentCounts(collectionIds: string[]): Promise<Map<string, DocumentCounts>> {
  const out = new Map<string, DocumentCounts>(collectionIds.map((id) => [id, emptyCounts()]));
  if (collectionIds.length === 0) return out;
  const rows = await db().searchDocument.groupBy({
    by: ["collectionId", "status"],
    where: { collectionId: { in: collectionIds } },
    _count: { _all: true },
    _sum: { chunks: true, size: true },
  });
  for (const row of rows) {
    const counts = out.get(row.collectionId)!;
    const n = row._count._all;
    if (row.status in counts) counts[row.status as keyof Omit<DocumentCounts, "total" | "chunks" | "bytes">] += n;
    counts.total += n;
    counts.chunks += row._sum.chunks ?? 0;
    counts.bytes += Number(row._sum.size ?? 0);
  }
  return out;
}

export async function listCollectionRecords(): Promise<CollectionRecord[]> {
  const rows = await db().searchCollection.findMany({ orderBy: { name: "asc" } });
  return rows.map(toRecord);
}

export const documentStatuses = ["pending", "processing", "indexed", "skipped", "failed"] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

export type DocumentView = {
  id: string;
  bucket: string;
  key: string;
  title: string | null;
  size: number;
  modifiedAt: string | null;
  contentType: string | null;
  status: string;
  error: string | null;
  attempts: number;
  chunks: number;
  updatedAt: string;
};

/** A page of a collection's documents, optionally of one status, in key order (keyset paging by id). */
export async function listDocuments(
  collectionId: string,
  options: { status?: DocumentStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<{ documents: DocumentView[]; nextCursor: string | null }> {
  const rows = await db().searchDocument.findMany({
    where: { collectionId, ...(options.status ? { status: options.status } : {}), ...(options.cursor ? { id: { gt: BigInt(options.cursor) } } : {}) },
    orderBy: { id: "asc" },
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  return {
    documents: page.map((d) => ({
      id: d.id.toString(),
      bucket: d.bucket,
      key: d.key,
      title: d.title,
      size: Number(d.size),
      modifiedAt: d.modifiedAt?.toISOString() ?? null,
      contentType: d.contentType,
      status: d.status,
      error: d.error,
      attempts: d.attempts,
      chunks: d.chunks,
      updatedAt: d.updatedAt.toISOString(),
    })),
    nextCursor: rows.length > options.limit ? page[page.length - 1]!.id.toString() : null,
  };
}
