"use server";

import { headers } from "next/headers";
import { requireActionRole, runAction } from "@/lib/auth/guards";
import { contextKeySchema } from "@/lib/contexts/schemas";
import { archiveContext, deleteContext, restoreContext, type ContextCaller } from "@/lib/contexts/service";
import { originFromHeaders } from "@/lib/http/origin";

async function caller(action: string): Promise<ContextCaller> {
  return { actor: await requireActionRole("viewer", action), origin: originFromHeaders(await headers()) };
}

export async function archiveContextAction(userId: string, conversationId: string) {
  return runAction(async () => archiveContext(await caller("contexts.context.archive"), contextKeySchema.parse({ userId, conversationId })));
}

export async function restoreContextAction(userId: string, conversationId: string) {
  return runAction(async () => restoreContext(await caller("contexts.context.restore"), contextKeySchema.parse({ userId, conversationId })));
}

export async function deleteContextAction(userId: string, conversationId: string) {
  return runAction(async () => deleteContext(await caller("contexts.context.delete"), contextKeySchema.parse({ userId, conversationId })));
}
