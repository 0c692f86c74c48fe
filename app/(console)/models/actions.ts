"use server";

import { actionCaller, runAction } from "@/lib/auth/guards";
import { badRequest } from "@/lib/http/errors";
import { requestJobRun } from "@/lib/jobs/request-run";
import { modelsJobs } from "@/lib/models/jobs";
import { modelIdSchema } from "@/lib/models/schemas";
import { cancelPromotion, deleteModel, demoteModel, pinModel, promoteModel } from "@/lib/models/service";

// Each action only identifies the caller; the role each needs is checked (and audited) inside lib/models/service.
export async function promoteModelAction(id: string) {
  return runAction(async () => (await promoteModel(await actionCaller(), modelIdSchema.parse(id))).model.state);
}

export async function demoteModelAction(id: string) {
  return runAction(async () => (await demoteModel(await actionCaller(), modelIdSchema.parse(id))).model.state);
}

export async function cancelPromotionAction(id: string) {
  return runAction(async () => (await cancelPromotion(await actionCaller(), modelIdSchema.parse(id))).model.state);
}

export async function pinModelAction(id: string, pinned: boolean) {
  return runAction(async () => (await pinModel(await actionCaller(), modelIdSchema.parse(id), pinned)).pinned);
}

export async function deleteModelAction(id: string) {
  return runAction(async () => (await deleteModel(await actionCaller(), modelIdSchema.parse(id))).deleted);
}

/** Runs one of the models jobs now (admins; audited by the jobs capability). */
export async function runModelsJobAction(name: string) {
  return runAction(async () => {
    if (!modelsJobs.some((j) => j.name === name)) throw badRequest(`${name} is not a models job.`);
    return requestJobRun(await actionCaller(), name);
  });
}
