import type { Logger } from "pino";
import type { Prisma, SearchDocument } from "@/lib/generated/prisma/client";
import { embeddingProvider } from "@/lib/embeddings";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { chunkingSchema } from "./chunk";
import { getCollectionById, type CollectionRecord } from "./collections";
import { prepareDocument, writeDocuments, type IndexTarget, type PreparedDocument } from "./index-document";
import { listSource, recordListedPage } from "./listing";
import { finishOperation, getOperation, heartbeat, HEARTBEAT_MS, type ReindexSettings } from "./operations";
import { modelRefSchema } from "./schemas";
import { deleteDocumentsPoints, dropGeneration, ensureGeneration, pointAliasAt } from "./vector-store";

/**
 * Runs one operation to its end. Phases, each safe to run again from the start after a crash:
 *  1. listing (sync, re-index): record every object of the sources, marking new or changed ones pending;
 *  2. removing: documents the complete listing did not see left the bucket: their points and rows go;
 *  3. indexing: pending documents (and ones a killed run left `processing`), a few at a time;
 *  4. swapping (re-index): the alias moves to the new generation, the old one is dropped.
 * A retry skips 1–2 and first returns the failed documents to pending.
 */

export type OperationResult = { status: "succeeded" | "failed" | "cancelled"; counts: Record<string, number>; error?: string };

const BATCH = 32;

type Counters = Pick<Prisma.SearchOperationUpdateInput, "docsTotal" | "docsDone" | "docsIndexed" | "docsFailed" | "docsSkipped" | "docsRemoved" | "chunks" | "phase">;

async function update(id: bigint, data: Counters) {
  await db().searchOperation.updateMany({ where: { id }, data: data as Prisma.SearchOperationUpdateManyMutationInput });
}

class Cancelled extends Error {}

/** Called at most every 2 s while documents are indexed, with the operation's counts so far (for job_runs). */
export type ProgressListener = (counts: Record<string, number>) => Promise<void>;

export async function runOperation(id: bigint, log: Logger, onProgress?: ProgressListener): Promise<OperationResult> {
  const op = await getOperation(id);
  if (!op) return { status: "failed", counts: {}, error: "The operation no longer exists." };
  let cancel = op.cancelRequested;
  const beat = setInterval(() => {
    heartbeat(id)
      .then((r) => (cancel = r.cancelRequested))
      .catch((error: unknown) => log.warn({ err: error }, "search operation heartbeat failed"));
  }, HEARTBEAT_MS);
  beat.unref();
  const checkCancel = () => {
    if (cancel) throw new Cancelled();
  };

  try {
    const collection = await getCollectionById(op.collectionId);
    const settings: ReindexSettings =
      op.kind === "reindex" && op.settings
        ? { model: modelRefSchema.parse((op.settings as { model: unknown }).model), chunking: chunkingSchema.parse((op.settings as { chunking: unknown }).chunking) }
        : { model: collection.model, chunking: collection.chunking };
    const provider = embeddingProvider(settings.model);
    const dimensions = await provider.dimensions();
    const { empty } = await ensureGeneration(collection.id, op.generation, dimensions);
    if (op.generation === collection.generation) {
      // The first sync creates the alias; later ones find it in place.
      await pointAliasAt(collection.name, collection.id, collection.generation);
      if (empty) await forgetIndexedDocuments(collection.id);
      if (collection.dimensions !== dimensions) await db().searchCollection.update({ where: { id: collection.id }, data: { dimensions } });
    }
    const target: IndexTarget = { collectionId: collection.id, generation: op.generation, chunking: settings.chunking, provider };

    if (op.kind === "retry") {
      await db().searchDocument.updateMany({ where: { collectionId: collection.id, status: "failed" }, data: { status: "pending", doneEtag: null } });
    } else {
      await listAll(collection, op.id, op.generation, checkCancel);
      await removeUnseen(collection, op.id, op.generation);
    }
    checkCancel();
    await indexPending(collection, op.id, target, checkCancel, log, onProgress);

    if (op.kind === "reindex") {
      await update(id, { phase: "swapping" });
      await pointAliasAt(collection.name, collection.id, op.generation);
      await db().searchCollection.update({
        where: { id: collection.id },
        data: { generation: op.generation, modelProvider: settings.model.provider, modelName: settings.model.model, chunking: settings.chunking as Prisma.InputJsonValue, dimensions },
      });
      await dropGeneration(collection.id, collection.generation);
    }
    await db().searchCollection.update({ where: { id: collection.id }, data: { lastSyncAt: new Date() } });
    await finishOperation(id, "succeeded");
    return { status: "succeeded", counts: await countsOf(id) };
  } catch (error) {
    if (error instanceof Cancelled) {
      await finishOperation(id, "cancelled", "Cancelled; documents already indexed stay indexed, the rest stay pending.");
      return { status: "cancelled", counts: await countsOf(id) };
    }
    const message = error instanceof HttpError ? error.message : error instanceof Error ? error.message : String(error);
    if (!(error instanceof HttpError)) log.error({ err: error, operation: id.toString() }, "search operation failed");
    await finishOperation(id, "failed", message).catch(() => undefined);
    return { status: "failed", counts: await countsOf(id).catch(() => ({})), error: message };
  } finally {
    clearInterval(beat);
  }
}

/**
 * The vector store holds none of this generation's points although PostgreSQL may say documents were indexed
 * (the store was wiped or restored from an older backup): every document goes back to pending, so this sync
 * indexes all of them again instead of skipping them as unchanged. Harmless on a first sync (no rows yet).
 */
async function forgetIndexedDocuments(collectionId: string) {
  // Only when some document had chunks: a collection of empty or binary files rightly has no points.
  const hadChunks = await db().searchDocument.findFirst({ where: { collectionId, doneEtag: { not: null }, chunks: { gt: 0 } }, select: { id: true } });
  if (!hadChunks) return;
  await db().searchDocument.updateMany({ where: { collectionId, doneEtag: { not: null } }, data: { status: "pending", doneEtag: null } });
}

async function countsOf(id: bigint): Promise<Record<string, number>> {
  const op = await getOperation(id);
  if (!op) return {};
  return { documents: op.docsDone, indexed: op.docsIndexed, failed: op.docsFailed, skipped: op.docsSkipped, removed: op.docsRemoved, chunks: op.chunks };
}

async function listAll(collection: CollectionRecord, opId: bigint, generation: number, checkCancel: () => void) {
  await update(opId, { phase: "listing" });
  for (const source of collection.sources) {
    for await (const page of listSource(source)) {
      checkCancel();
      await recordListedPage({ collectionId: collection.id, bucket: source.bucket, operationId: opId, generation, objects: page });
    }
  }
}

async function removeUnseen(collection: CollectionRecord, opId: bigint, generation: number) {
  await update(opId, { phase: "removing" });
  const generations = [...new Set([collection.generation, generation])];
  for (;;) {
    const gone = await db().searchDocument.findMany({
      where: { collectionId: collection.id, OR: [{ seenBy: null }, { seenBy: { not: opId } }] },
      take: 100,
      orderBy: { id: "asc" },
    });
    if (gone.length === 0) return;
    for (const g of generations) await deleteDocumentsPoints(collection.id, g, gone.map((d) => ({ bucket: d.bucket, key: d.key, fromChunk: 0 })));
    await db().searchDocument.deleteMany({ where: { id: { in: gone.map((d) => d.id) } } });
    await update(opId, { docsRemoved: { increment: gone.length } });
  }
}

/**
 * Documents indexed side by side: while the embedding workers run some documents' chunks, the next ones are
 * read from S3, extracted and chunked, and the finished ones are written. Writes go through a group commit
 * (GroupWriter): documents finished while a write runs are written together by the next one, so a group of
 * small files costs a few upserts, one delete and two PostgreSQL statements instead of that many per file,
 * and the model never waits for the stores. Bounded twice: at most this many documents from read to
 * written, and at most SEARCH_MAX_FILE_BYTES of them by size at once (a file that size runs alone), so
 * memory stays what one largest file needs. Each document is still all-or-nothing (index-document.ts): a
 * crash leaves at most these few `processing`, and the rerun redoes them.
 */
export const DOCUMENTS_IN_FLIGHT = 16;
// Documents per write: bounds one write's request sizes while keeping a group's statements few.
const WRITE_GROUP = 64;

/** Writes prepared documents in groups: one write at a time, each taking whatever finished meanwhile. */
class GroupWriter {
  private readonly queue: Array<{ prepared: PreparedDocument; done: (error?: unknown) => void }> = [];
  private running = false;

  constructor(private readonly write: (group: PreparedDocument[]) => Promise<void>) {}

  /** Resolves once the document's points and row are written (rejects with the write's error). */
  add(prepared: PreparedDocument): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ prepared, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, WRITE_GROUP);
      let failure: unknown;
      try {
        await this.write(group.map((g) => g.prepared));
      } catch (error) {
        failure = error ?? new Error("the write failed");
      }
      for (const g of group) g.done(failure);
    }
    this.running = false;
  }
}

async function indexPending(collection: CollectionRecord, opId: bigint, target: IndexTarget, checkCancel: () => void, log: Logger, onProgress?: ProgressListener) {
  let reported = Date.now();
  const remaining = await db().searchDocument.count({ where: { collectionId: collection.id, status: { in: ["pending", "processing"] } } });
  const op = await getOperation(opId);
  await update(opId, { phase: "indexing", docsTotal: (op?.docsDone ?? 0) + remaining });
  const byteBudget = BigInt(env().SEARCH_MAX_FILE_BYTES);
  let bytesInFlight = BigInt(0);
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;

  const writer = new GroupWriter(async (group) => {
    await writeDocuments(group, target);
    const count = (status: PreparedDocument["status"]) => group.filter((p) => p.status === status).length;
    await update(opId, {
      docsDone: { increment: group.length },
      chunks: { increment: group.reduce((sum, p) => sum + (p.status === "indexed" ? p.points.length : 0), 0) },
      docsIndexed: { increment: count("indexed") },
      docsFailed: { increment: count("failed") },
      docsSkipped: { increment: count("skipped") },
      docsRemoved: { increment: count("removed") },
    });
    if (onProgress && Date.now() - reported >= 2000) {
      reported = Date.now();
      await onProgress(await countsOf(opId));
    }
  });

  const indexOne = async (doc: SearchDocument) => {
    try {
      await writer.add(await prepareDocument(doc, target));
    } catch (error) {
      // Not the document's fault (provider, S3 or vector store down): it goes back to pending, the try not
      // counted, and the operation fails with the reason; the next sync or retry picks it up.
      await db().searchDocument.update({ where: { id: doc.id }, data: { status: "pending", attempts: { decrement: 1 } } }).catch(() => undefined);
      log.warn({ err: error, key: doc.key }, "indexing stopped at a document");
      failure ??= { error };
    }
  };
  let afterId = BigInt(0);
  try {
    for (;;) {
      checkCancel();
      const docs = await db().searchDocument.findMany({
        where: { collectionId: collection.id, status: { in: ["pending", "processing"] }, id: { gt: afterId } },
        orderBy: { id: "asc" },
        take: BATCH,
      });
      if (docs.length === 0) break;
      for (const doc of docs) {
        while (inFlight.size >= DOCUMENTS_IN_FLIGHT || (inFlight.size > 0 && bytesInFlight + doc.size > byteBudget)) await Promise.race(inFlight);
        if (failure) break;
        checkCancel();
        afterId = doc.id;
        bytesInFlight += doc.size;
        const running: Promise<void> = indexOne(doc).finally(() => {
          inFlight.delete(running);
          bytesInFlight -= doc.size;
        });
        inFlight.add(running);
      }
      if (failure) break;
    }
  } finally {
    // A cancel or a failure waits for the documents already started: none is left half-written.
    await Promise.all(inFlight);
  }
  if (failure) throw (failure as { error: unknown }).error;
}
