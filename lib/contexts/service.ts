import type { Caller } from "@/lib/auth/caller";
import { authorize, mutate, type Operation } from "@/lib/auth/mutate";
import { hasRole } from "@/lib/auth/roles";
import { conflict, notFound } from "@/lib/http/errors";
import { contextAccessRefusal, type ContextAccess } from "./access";
import type { AppendInput, ContextInput, ContextKey, ContextPage, SearchFilters } from "./schemas";
import { contextStore, type ContextStore } from "./store";

/**
 * What the API and the console's pages do with contexts on someone's behalf: check they may (refusals are
 * audited), do it through the store, and audit every change with its outcome.
 */

export const contextTarget = (key: ContextKey) => `context:${key.userId}/${key.conversationId}`;

/** An operation on one user's contexts: who may is decided by whose they are (`./access`). */
function operation(action: string, key: ContextKey, access: ContextAccess): Operation {
  return { action, target: contextTarget(key), role: (actor) => contextAccessRefusal(actor, key.userId, access) };
}

const missing = (key: ContextKey) => notFound(`No context ${key.conversationId} for user ${key.userId} in any tier.`);

export function writeContext(caller: Caller, key: ContextKey, input: ContextInput, store: ContextStore = contextStore()) {
  return mutate(caller, operation("contexts.context.put", key, "write"), () => store.put(key, input), (r) => ({
    created: r.created,
    messages: r.context.messageCount,
    version: r.context.version,
  }));
}

export function appendToContext(caller: Caller, key: ContextKey, input: AppendInput, store: ContextStore = contextStore()) {
  return mutate(caller, operation("contexts.context.append", key, "write"), () => store.append(key, input), (r) => ({
    appended: r.appended.length,
    created: r.created,
    version: r.version,
  }));
}

export async function readContext(caller: Caller, key: ContextKey, store: ContextStore = contextStore()) {
  await authorize(caller, operation("contexts.context.read", key, "read"));
  const found = await store.get(key);
  if (!found) throw missing(key);
  return found;
}

export function deleteContext(caller: Caller, key: ContextKey, store: ContextStore = contextStore()) {
  return mutate(caller, operation("contexts.context.delete", key, "write"),
    async () => {
      const result = await store.remove(key);
      if (!result) throw missing(key);
      return result;
    },
    (r) => ({ deletedFrom: r.deletedFrom }),
  );
}

export async function listUserContexts(
  caller: Caller,
  userId: string,
  page: { limit: number; cursor?: string | undefined },
  store: ContextStore = contextStore(),
): Promise<ContextPage> {
  await authorize(caller, operation("contexts.context.list", { userId, conversationId: "*" }, "read"));
  return store.search({ owner: userId, limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) });
}

/** The console's search: admins see everyone's contexts (optionally one user's), everyone else their own. */
export function searchVisibleContexts(caller: Caller, filters: SearchFilters, store: ContextStore = contextStore()): Promise<ContextPage> {
  const { user, ...rest } = filters;
  const owner = hasRole(caller.actor, "admin") ? user : caller.actor.id;
  return store.search({ ...rest, ...(owner ? { owner } : {}) });
}

export async function inspectContext(caller: Caller, key: ContextKey, store: ContextStore = contextStore()) {
  await authorize(caller, operation("contexts.context.read", key, "read"));
  return store.inspect(key);
}

export function archiveContext(caller: Caller, key: ContextKey, store: ContextStore = contextStore()) {
  return mutate(caller, operation("contexts.context.archive", key, "write"),
    async () => {
      const outcome = await store.archive(key, `manual:${caller.actor.username}`);
      if (outcome === "missing") throw missing(key);
      if (outcome === "already") throw conflict("This context is already in the cold tier.");
      return outcome;
    },
    () => ({ tier: "cold" }),
  );
}

export function restoreContext(caller: Caller, key: ContextKey, store: ContextStore = contextStore()) {
  return mutate(caller, operation("contexts.context.restore", key, "write"),
    async () => {
      const outcome = await store.restore(key, `manual:${caller.actor.username}`);
      if (outcome === "missing") throw missing(key);
      if (outcome === "already") throw conflict("This context is already warm.");
      return outcome;
    },
    () => ({ tier: "warm" }),
  );
}

/** The whole context as a JSON document, for download; audited like a change because data leaves Strata. */
export function exportContext(caller: Caller, key: ContextKey, store: ContextStore = contextStore()) {
  return mutate(caller, operation("contexts.context.export", key, "read"), async () => {
    const detail = await store.inspect(key);
    if (!detail) throw missing(key);
    return {
      ...detail.context,
      tier: detail.tier,
      activeAt: detail.activeAt,
      archivedAt: detail.archivedAt,
      tierHistory: detail.tierHistory,
      exportedAt: new Date().toISOString(),
    };
  });
}
