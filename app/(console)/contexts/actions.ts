"use server";

import { actionCaller, runAction } from "@/lib/auth/guards";
import { contextKeySchema } from "@/lib/contexts/schemas";
import { archiveContext, deleteContext, restoreContext } from "@/lib/contexts/service";

export async function archiveContextAction(userId: string, conversationId: string) {
  return runAction(async () => archiveContext(await actionCaller(), contextKeySchema.parse({ userId, conversationId })));
}

export async function restoreContextAction(userId: string, conversationId: string) {
  return runAction(async () => restoreContext(await actionCaller(), contextKeySchema.parse({ userId, conversationId })));
}

export async function deleteContextAction(userId: string, conversationId: string) {
  return runAction(async () => deleteContext(await actionCaller(), contextKeySchema.parse({ userId, conversationId })));
}
