"use server";

import { headers } from "next/headers";
import { requireActionRole, runAction } from "@/lib/auth/guards";
import type { Caller } from "@/lib/files/caller";
import { badRequest } from "@/lib/http/errors";
import { originFromHeaders } from "@/lib/http/origin";
import { requestJobRun } from "@/lib/jobs/request-run";
import { modelsJobs } from "@/lib/models/jobs";
import { modelIdSchema } from "@/lib/models/schemas";
import { cancelPromotion, deleteModel, demoteModel, pinModel, promoteModel } from "@/lib/models/service";

// Each action only identifies the caller; the role each needs is checked (and audited) inside lib/models/service.
async function caller(action: string): Promise<Caller> {
  return { actor: await requireActionRole("viewer", action), origin: originFromHeaders(await headers()) };
}

export async function promoteModelAction(id: string) {
  return runAction(async () => (await promoteModel(await caller("models.model.promote"), modelIdSchema.parse(id))).model.state);
}

export async function demoteModelAction(id: string) {
  return runAction(async () => (await demoteModel(await caller("models.model.demote"), modelIdSchema.parse(id))).model.state);
}

export async function cancelPromotionAction(id: string) {
  return runAction(async () => (await cancelPromotion(await caller("models.model.cancel"), modelIdSchema.parse(id))).model.state);
}

export async function pinModelAction(id: string, pinned: boolean) {
  return runAction(async () => (await pinModel(await caller(pinned ? "models.model.pin" : "models.model.unpin"), modelIdSchema.parse(id), pinned)).pinned);
}

export async function deleteModelAction(id: string) {
  return runAction(async () => (await deleteModel(await caller("models.model.delete"), modelIdSchema.parse(id))).deleted);
}

/** Runs one of the models jobs now (admins; audited by the jobs capability). */
export async function runModelsJobAction(name: string) {
  return runAction(async () => {
    if (!modelsJobs.some((j) => j.name === name)) throw badRequest(`${name} is not a models job.`);
    return requestJobRun(name);
  });
}
