"use server";

import { z } from "zod";
import { actionCaller, runAction } from "@/lib/auth/guards";
import { deleteOutputs } from "@/lib/outputs/service";

const idsSchema = z.array(z.uuid()).min(1, "Choose at least one output.").max(1000, "Delete at most 1,000 outputs at a time.");

export async function deleteOutputsAction(ids: string[]) {
  return runAction(async () => deleteOutputs(await actionCaller(), idsSchema.parse(ids)));
}
