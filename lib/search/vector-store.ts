import { QdrantClient } from "@qdrant/js-client-rest";
import { env } from "@/lib/config/env";
import { HttpError, unavailable } from "@/lib/http/errors";
import { logger } from "@/lib/log/logger";
import { aliasName, generationName } from "./names";
import { createCollectionBody, documentsFilter, payloadIndexes, type ChunkPayload, type DocumentChunks, type Filter, type SparseVector } from "./qdrant-requests";

/**
 * Search's only door to the vector store, through Qdrant's REST client: the same calls run against real
 * Qdrant and the bundled engine. Connection failures become a 503 that names the store.
 */

const holder = globalThis as unknown as { strataQdrant?: QdrantClient };

export function qdrant(): QdrantClient {
  const { QDRANT_URL, QDRANT_API_KEY } = env();
  holder.strataQdrant ??= new QdrantClient({ url: QDRANT_URL, ...(QDRANT_API_KEY ? { apiKey: QDRANT_API_KEY } : {}), checkCompatibility: false });
  return holder.strataQdrant;
}

/** Turns a failed call into a 503 naming the store when it cannot be reached or fails; a refusal (4xx) stays a server error. */
export async function vectorCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const status = (error as { status?: number }).status;
    const detail = (error as { data?: { status?: { error?: string } } }).data?.status?.error ?? (error instanceof Error ? error.message : String(error));
    if (status === undefined || status >= 500) {
      logger().warn({ err: error, what }, "vector store call failed");
      throw unavailable(`The vector store (${env().QDRANT_URL}) did not answer ${what}: ${detail}`);
    }
    // A 4xx from the store is Strata's own mistake, not the caller's: a 500 with the detail in the log.
    throw new Error(`The vector store refused ${what}: ${detail}`);
  }
}

export type StoredPoint = { id: string; dense: number[]; sparse: SparseVector; payload: ChunkPayload };

/**
 * Creates the generation's collection and its payload indexes unless they exist (a rerun after a crash).
 * Answers whether it holds no point, so a sync can tell a vector store that lost the collection (restored
 * from an older backup, wiped, recreated) from one that still has what PostgreSQL says was indexed.
 */
export async function ensureGeneration(collectionId: string, generation: number, dimensions: number): Promise<{ empty: boolean }> {
  const name = generationName(collectionId, generation);
  const { exists } = await vectorCall(`checking ${name}`, () => qdrant().collectionExists(name));
  if (!exists) {
    await vectorCall(`creating ${name}`, () => qdrant().createCollection(name, createCollectionBody(dimensions)));
  }
  for (const index of payloadIndexes) {
    await vectorCall(`indexing ${index.field_name} in ${name}`, () =>
      qdrant().createPayloadIndex(name, { field_name: index.field_name, field_schema: index.field_schema, wait: true }),
    );
  }
  if (!exists) return { empty: true };
  const { count } = await vectorCall(`counting the points of ${name}`, () => qdrant().count(name, { exact: true }));
  return { empty: count === 0 };
}

export async function upsertPoints(collectionId: string, generation: number, points: StoredPoint[]): Promise<void> {
  if (points.length === 0) return;
  const name = generationName(collectionId, generation);
  await vectorCall(`writing ${points.length} chunks`, () =>
    qdrant().upsert(name, {
      wait: true,
      points: points.map((p) => ({ id: p.id, vector: { dense: p.dense, sparse: p.sparse }, payload: p.payload })),
    }),
  );
}

export async function deletePoints(collectionId: string, generation: number, filter: Filter): Promise<void> {
  const name = generationName(collectionId, generation);
  await vectorCall("deleting chunks", () => qdrant().delete(name, { wait: true, filter }));
}

/** Several documents' points (each from its own first chunk) in one request. */
export async function deleteDocumentsPoints(collectionId: string, generation: number, docs: DocumentChunks[]): Promise<void> {
  if (docs.length > 0) await deletePoints(collectionId, generation, documentsFilter(docs));
}

export async function countPoints(collectionId: string, generation: number, filter?: Filter): Promise<number> {
  const name = generationName(collectionId, generation);
  const { exists } = await vectorCall(`checking ${name}`, () => qdrant().collectionExists(name));
  if (!exists) return 0;
  const { count } = await vectorCall("counting chunks", () => qdrant().count(name, { exact: true, ...(filter ? { filter } : {}) }));
  return count;
}

/**
 * Points the collection's alias at a generation in one update (delete + create are applied together), so
 * a search sees the old generation or the new one, never neither.
 */
export async function pointAliasAt(collectionName: string, collectionId: string, generation: number): Promise<void> {
  const alias = aliasName(collectionName);
  const existing = await vectorCall("reading aliases", () => qdrant().getAliases());
  const actions: Array<Record<string, unknown>> = [];
  if (existing.aliases.some((a) => a.alias_name === alias)) actions.push({ delete_alias: { alias_name: alias } });
  actions.push({ create_alias: { collection_name: generationName(collectionId, generation), alias_name: alias } });
  await vectorCall(`moving ${alias}`, () => qdrant().updateCollectionAliases({ actions: actions as never }));
}

export async function dropGeneration(collectionId: string, generation: number): Promise<void> {
  const name = generationName(collectionId, generation);
  await vectorCall(`dropping ${name}`, () => qdrant().deleteCollection(name));
}

/** Removes the alias and every generation of a collection (deleting a collection). */
export async function dropCollection(collectionName: string, collectionId: string): Promise<void> {
  const alias = aliasName(collectionName);
  const { aliases } = await vectorCall("reading aliases", () => qdrant().getAliases());
  if (aliases.some((a) => a.alias_name === alias)) {
    await vectorCall(`removing ${alias}`, () => qdrant().updateCollectionAliases({ actions: [{ delete_alias: { alias_name: alias } }] }));
  }
  const { collections } = await vectorCall("listing collections", () => qdrant().getCollections());
  for (const c of collections.filter((c) => c.name.startsWith(`strata-${collectionId}-g`))) {
    await vectorCall(`dropping ${c.name}`, () => qdrant().deleteCollection(c.name));
  }
}
