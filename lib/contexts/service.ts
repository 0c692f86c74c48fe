import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import { hasRole, type Principal } from "@/lib/auth/roles";
import { conflict, notFound } from "@/lib/http/errors";
import type { RequestOrigin } from "@/lib/http/origin";
import { assertContextAccess, type ContextAccess } from "./access";
import type { AppendInput, ContextInput, ContextKey, ContextPage, SearchFilters } from "./schemas";
import { contextStore, type ContextStore } from "./store";

/**
 * What the API and the console's pages do with contexts on someone's behalf: check they may (refusals are
 * audited), do it through the store, and audit every change with its outcome.
 */

export type ContextCaller = { actor: Principal; origin: RequestOrigin };

export const contextTarget = (key: ContextKey) => `context:${key.userId}/${key.conversationId}`;

async function authorize(caller: ContextCaller, key: ContextKey, access: ContextAccess, action: string) {
  try {
    assertContextAccess(caller.actor, key.userId, access);
  } catch (error) {
    await recordAudit({ actor: caller.actor, action, target: contextTarget(key), outcome: "denied", origin: caller.origin });
    throw error;
  }
}

async function audited<T>(
  caller: ContextCaller,
  action: string,
  key: ContextKey,
  body: () => Promise<T>,
  details: (result: T) => Prisma.InputJsonValue,
): Promise<T> {
  await authorize(caller, key, "write", action);
  try {
    const result = await body();
    await recordAudit({ actor: caller.actor, action, target: contextTarget(key), outcome: "success", origin: caller.origin, details: details(result) });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordAudit({ actor: caller.actor, action, target: contextTarget(key), outcome: "failure", origin: caller.origin, details: { error: message } });
    throw error;
  }
}

const missing = (key: ContextKey) => notFound(`No context ${key.conversationId} for user ${key.userId} in any tier.`);

export function writeContext(caller: ContextCaller, key: ContextKey, input: ContextInput, store: ContextStore = contextStore()) {
  return audited(caller, "contexts.context.put", key, () => store.put(key, input), (r) => ({
    created: r.created,
    messages: r.context.messageCount,
    version: r.context.version,
  }));
}

export function appendToContext(caller: ContextCaller, key: ContextKey, input: AppendInput, store: ContextStore = contextStore()) {
  return audited(caller, "contexts.context.append", key, () => store.append(key, input), (r) => ({
    appended: r.appended.length,
    created: r.created,
    version: r.version,
  }));
}

export async function readContext(caller: ContextCaller, key: ContextKey, store: ContextStore = contextStore()) {
  await authorize(caller, key, "read", "contexts.context.read");
  const found = await store.get(key);
  if (!found) throw missing(key);
  return found;
}

export function deleteContext(caller: ContextCaller, key: ContextKey, store: ContextStore = contextStore()) {
  return audited(
    caller,
    "contexts.context.delete",
    key,
    async () => {
      const result = await store.remove(key);
      if (!result) throw missing(key);
      return result;
    },
    (r) => ({ deletedFrom: r.deletedFrom }),
  );
}

export async function listUserContexts(
  caller: ContextCaller,
  userId: string,
  page: { limit: number; cursor?: string | undefined },
  store: ContextStore = contextStore(),
): Promise<ContextPage> {
  await authorize(caller, { userId, conversationId: "*" }, "read", "contexts.context.list");
  return store.search({ owner: userId, limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) });
}

/** The console's search: admins see everyone's contexts (optionally one user's), everyone else their own. */
export function searchVisibleContexts(caller: ContextCaller, filters: SearchFilters, store: ContextStore = contextStore()): Promise<ContextPage> {
  const { user, ...rest } = filters;
  const owner = hasRole(caller.actor, "admin") ? user : caller.actor.id;
  return store.search({ ...rest, ...(owner ? { owner } : {}) });
}

export async function inspectContext(caller: ContextCaller, key: ContextKey, store: ContextStore = contextStore()) {
  await authorize(caller, key, "read", "contexts.context.read");
  return store.inspect(key);
}

export function archiveContext(caller: ContextCaller, key: ContextKey, store: ContextStore = contextStore()) {
  return audited(
    caller,
    "contexts.context.archive",
    key,
    async () => {
      const outcome = await store.archive(key, `manual:${caller.actor.username}`);
      if (outcome === "missing") throw missing(key);
      if (outcome === "already") throw conflict("This context is already in the cold tier.");
      return outcome;
    },
    () => ({ tier: "cold" }),
  );
}

export function restoreContext(caller: ContextCaller, key: ContextKey, store: ContextStore = contextStore()) {
  return audited(
    caller,
    "contexts.context.restore",
    key,
    async () => {
      const outcome = await store.restore(key, `manual:${caller.actor.username}`);
      if (outcome === "missing") throw missing(key);
      if (outcome === "already") throw conflict("This context is already warm.");
      return outcome;
    },
    () => ({ tier: "warm" }),
  );
}

/** The whole context as a JSON document, for download; audited because data leaves Strata. */
export async function exportContext(caller: ContextCaller, key: ContextKey, store: ContextStore = contextStore()) {
  await authorize(caller, key, "read", "contexts.context.export");
  const detail = await store.inspect(key);
  if (!detail) throw missing(key);
  await recordAudit({ actor: caller.actor, action: "contexts.context.export", target: contextTarget(key), outcome: "success", origin: caller.origin });
  return {
    ...detail.context,
    tier: detail.tier,
    activeAt: detail.activeAt,
    archivedAt: detail.archivedAt,
    tierHistory: detail.tierHistory,
    exportedAt: new Date().toISOString(),
  };
}
