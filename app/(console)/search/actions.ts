"use server";

import { actionCaller, runAction } from "@/lib/auth/guards";
import { parseJudgmentsUpload } from "@/lib/search/judgments";
import { collectionNameSchema } from "@/lib/search/names";
import { createCollectionSchema, updateCollectionSchema } from "@/lib/search/schemas";
import {
  cancelCollectionOperation,
  createCollection,
  deleteCollection,
  retryFailedDocuments,
  runEvaluation,
  syncCollection,
  updateCollection,
} from "@/lib/search/service";

// The role each action needs is checked (and a refusal audited) inside lib/search.

export async function createCollectionAction(input: unknown) {
  return runAction(async () => {
    const { collection, operation } = await createCollection(await actionCaller(), createCollectionSchema.parse(input), "manual");
    return { name: collection.name, operation: operation.id };
  });
}

export async function updateCollectionAction(name: string, input: unknown) {
  return runAction(async () => {
    const { operation } = await updateCollection(await actionCaller(), collectionNameSchema.parse(name), updateCollectionSchema.parse(input));
    return { reindex: operation?.id ?? null };
  });
}

export async function syncCollectionAction(name: string) {
  return runAction(async () => (await syncCollection(await actionCaller(), collectionNameSchema.parse(name))).operation.id);
}

export async function retryFailedAction(name: string) {
  return runAction(async () => (await retryFailedDocuments(await actionCaller(), collectionNameSchema.parse(name))).operation.id);
}

export async function cancelOperationAction(name: string) {
  return runAction(async () => (await cancelCollectionOperation(await actionCaller(), collectionNameSchema.parse(name))).id);
}

export async function deleteCollectionAction(name: string) {
  return runAction(async () => (await deleteCollection(await actionCaller(), collectionNameSchema.parse(name))).id);
}

export async function runEvaluationAction(name: string, input: unknown) {
  return runAction(async () => (await runEvaluation(await actionCaller(), collectionNameSchema.parse(name), parseJudgmentsUpload(input))).id);
}
