"use server";

import { actionCaller, runAction } from "@/lib/auth/guards";
import { badRequest } from "@/lib/http/errors";
import { requestJobRun } from "@/lib/jobs/request-run";
import { parseByteSize, resetHotCapacity, setHotCapacity } from "@/lib/models/capacity-setting";
import { defaultModelDeps } from "@/lib/models/deps";
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

/** Admins set the hot tier's capacity ("2 MiB", "500 GiB") and watermarks (percent); checked and audited in lib/models. */
export async function setHotCapacityAction(input: { capacity: string; highWatermarkPercent: number; lowWatermarkPercent: number }) {
  return runAction(async () => {
    const capacityBytes = parseByteSize(String(input.capacity ?? ""));
    if (capacityBytes === null) throw badRequest(`"${String(input.capacity).slice(0, 40)}" is not a size: write e.g. 500 GiB, 2 TB or a number of bytes.`);
    const value = await setHotCapacity(
      await actionCaller(),
      { capacityBytes, highWatermarkPercent: Number(input.highWatermarkPercent), lowWatermarkPercent: Number(input.lowWatermarkPercent) },
      defaultModelDeps(),
    );
    return value.capacityBytes;
  });
}

export async function resetHotCapacityAction() {
  return runAction(async () => (await resetHotCapacity(await actionCaller(), defaultModelDeps())).reset);
}
