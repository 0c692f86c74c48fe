"use server";

import { headers } from "next/headers";
import { requireActionRole, runAction } from "@/lib/auth/guards";
import { originFromHeaders } from "@/lib/http/origin";
import { collectionNameSchema } from "@/lib/search/names";
import { createCollectionSchema, updateCollectionSchema } from "@/lib/search/schemas";
import {
  cancelCollectionOperation,
  createCollection,
  deleteCollection,
  retryFailedDocuments,
  syncCollection,
  updateCollection,
  type Caller,
} from "@/lib/search/service";

// Sign-in is checked here; the role each action needs is checked (and a refusal audited) inside lib/search.
async function caller(action: string): Promise<Caller> {
  return { actor: await requireActionRole("viewer", action), origin: originFromHeaders(await headers()) };
}

export async function createCollectionAction(input: unknown) {
  return runAction(async () => {
    const { collection, operation } = await createCollection(await caller("search.collection.create"), createCollectionSchema.parse(input), "manual");
    return { name: collection.name, operation: operation.id };
  });
}

export async function updateCollectionAction(name: string, input: unknown) {
  return runAction(async () => {
    const { operation } = await updateCollection(await caller("search.collection.update"), collectionNameSchema.parse(name), updateCollectionSchema.parse(input));
    return { reindex: operation?.id ?? null };
  });
}

export async function syncCollectionAction(name: string) {
  return runAction(async () => (await syncCollection(await caller("search.collection.sync"), collectionNameSchema.parse(name))).operation.id);
}

export async function retryFailedAction(name: string) {
  return runAction(async () => (await retryFailedDocuments(await caller("search.collection.retry"), collectionNameSchema.parse(name))).operation.id);
}

export async function cancelOperationAction(name: string) {
  return runAction(async () => (await cancelCollectionOperation(await caller("search.collection.cancel"), collectionNameSchema.parse(name))).id);
}

export async function deleteCollectionAction(name: string) {
  return runAction(async () => (await deleteCollection(await caller("search.collection.delete"), collectionNameSchema.parse(name))).id);
}
