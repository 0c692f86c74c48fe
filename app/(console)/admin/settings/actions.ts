"use server";

import { revalidatePath } from "next/cache";
import { actionCaller, runAction } from "@/lib/auth/guards";
import { updateBanner } from "@/lib/settings/actions";

export async function saveBanner(text: string) {
  const result = await runAction(async () => updateBanner(await actionCaller(), text));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
