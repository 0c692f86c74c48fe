import { z } from "zod";
import { operationGroup } from "@/lib/api/define";
import type { ApiOperation } from "@/lib/api/operation";
import { collectionNameSchema } from "./names";
import { createCollectionSchema, searchRequestSchema } from "./schemas";

/**
 * /api/v1/collections and /api/v1/search, described once: the route handlers parse their input with these
 * operations' schemas, and the OpenAPI document is built from them.
 */

const ROLES = "Viewer: search and read collections. Editor: create and sync.";

export const limits = { createBodyBytes: 32 * 1024, searchBodyBytes: 16 * 1024 };

// Response shapes of their own: the request schemas have defaults (optional on input, present on output),
// and one OpenAPI component name cannot stand for both.
const sourceView = z.object({ bucket: z.string(), prefix: z.string(), include: z.array(z.string()), exclude: z.array(z.string()) });
const modelView = z.object({ provider: z.enum(["builtin", "openai", "ollama"]), model: z.string() });
const chunkingView = z.object({ strategy: z.enum(["markdown", "paragraph", "fixed"]), size: z.number().int(), overlap: z.number().int() });

const counts = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  processing: z.number().int(),
  indexed: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  chunks: z.number().int(),
  bytes: z.number().int(),
});

export const operationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["sync", "retry", "reindex"]),
    status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
    trigger: z.string(),
    requestedBy: z.string().nullable(),
    phase: z.string().nullable().meta({ description: "listing, removing, indexing or swapping while running." }),
    docsTotal: z.number().int(),
    docsDone: z.number().int(),
    docsIndexed: z.number().int(),
    docsFailed: z.number().int(),
    docsSkipped: z.number().int(),
    docsRemoved: z.number().int(),
    chunks: z.number().int(),
    chunksPerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: "CollectionOperation" });

export const collectionSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    sources: z.array(sourceView),
    model: modelView,
    dimensions: z.number().int().nullable(),
    chunking: chunkingView,
    schedule: z.string().nullable(),
    state: z.enum(["empty", "queued", "syncing", "ready", "failed"]),
    counts,
    operation: operationSchema.nullable().meta({ description: "The queued or running operation and its progress." }),
    lastOperation: operationSchema.nullable(),
    createdAt: z.string(),
    lastSyncAt: z.string().nullable(),
  })
  .meta({ id: "Collection" });

const api = operationGroup("search");
const collection = api.byId({ params: z.object({ name: collectionNameSchema }), notFound: "No collection with this name." });

export const listCollectionsOperation = api.list("listCollections", "/collections", {
  summary: "List collections",
  description: `Every collection with its state, document counts and the running operation. ${ROLES}`,
  page: z.object({ collections: z.array(collectionSchema) }),
  pageDescription: "All collections, by name.",
});

export const createCollectionOperation = api.post("createCollection", "/collections", {
  summary: "Create a collection and start its first sync",
  description: `Sources are bucket prefixes (folders). The first sync is queued at once; follow it with getCollection. ${ROLES}`,
  body: { schema: createCollectionSchema, maxBytes: limits.createBodyBytes },
  responses: {
    201: { description: "Created; `operation` is the first sync.", schema: z.object({ collection: collectionSchema, operation: operationSchema }) },
    409: { description: "A collection with this name exists." },
  },
});

export const getCollectionOperation = collection.get("getCollection", "/collections/{name}", {
  summary: "Read a collection",
  description: `State, counts, and the running operation with its progress (documents done/total, chunks/s, ETA). ${ROLES}`,
  responses: { 200: { description: "The collection.", schema: collectionSchema } },
});

export const syncCollectionOperation = collection.post("syncCollection", "/collections/{name}/sync", {
  summary: "Sync a collection now",
  description: `Queues a sync: new and changed files are indexed, deleted ones removed. If a sync is already queued or running, that one is returned. ${ROLES}`,
  responses: {
    202: { description: "Queued (or already queued/running).", schema: z.object({ operation: operationSchema, existing: z.boolean() }) },
    409: { description: "A retry or re-index of this collection is running." },
  },
});

export const searchResultSchema = z
  .object({
    collection: z.string(),
    bucket: z.string(),
    key: z.string(),
    title: z.string(),
    chunk: z.number().int().meta({ description: "The best chunk's number within the document." }),
    headings: z.array(z.string()),
    snippet: z.string().meta({ description: "Plain text around the best match (never HTML)." }),
    highlights: z.array(z.tuple([z.number().int(), z.number().int()])).meta({ description: "[start, end) character ranges of `snippet` matching query words." }),
    page: z.number().int().optional().meta({ description: "PDF page the chunk starts on." }),
    contentType: z.string(),
    modifiedAt: z.string().nullable(),
    score: z.number(),
    ranks: z
      .object({ dense: z.number().int().nullable().optional(), keyword: z.number().int().nullable().optional() })
      .meta({ description: "1-based place of the chunk in the dense and keyword lists that were fused; null = not in that list's candidates." }),
    matchedChunks: z.number().int(),
  })
  .meta({ id: "SearchResult" });

export const searchOperation = api.post("search", "/search", {
  summary: "Search collections",
  description:
    "Hybrid (dense + BM25 keyword, fused by Qdrant with RRF or DBSF) by default, or dense or keyword alone. Results are documents, each with its best chunk. Viewer role.",
  body: { schema: searchRequestSchema, maxBytes: limits.searchBodyBytes },
  responses: {
    200: {
      description: "Documents, best first.",
      schema: z.object({ results: z.array(searchResultSchema), mode: z.string(), tookMs: z.number(), timings: z.object({ embedMs: z.number(), queryMs: z.number() }) }),
    },
    404: { description: "A named collection does not exist." },
    503: { description: "The embedding provider or the vector store is not answering." },
  },
});

export const searchOperations: ApiOperation[] = [listCollectionsOperation, createCollectionOperation, getCollectionOperation, syncCollectionOperation, searchOperation];
