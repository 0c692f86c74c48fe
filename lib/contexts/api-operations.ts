import { operationGroup } from "@/lib/api/define";
import type { ApiOperation } from "@/lib/api/operation";
import {
  appendInputSchema,
  appendResponseSchema,
  contextInputSchema,
  contextKeySchema,
  contextPageSchema,
  contextResponseSchema,
  contextSchema,
  deleteResponseSchema,
  limits,
  listQuerySchema,
  userIdParamsSchema,
} from "./schemas";

/**
 * /api/v1/contexts, described once: the route handlers parse their input with these operations' schemas,
 * and the OpenAPI document is built from them.
 */

const ACCESS =
  "Services with the editor role may write any user's contexts (viewer: read). A user's own token may only use its own userId (its `sub`), unless it has the admin role.";

const api = operationGroup("contexts");
const context = api.byId({ params: contextKeySchema, notFound: "No context with this userId and conversationId in any tier." });

// PUT and append create the context when it is missing, so they have no 404: declared with the plain verbs.
export const putContext = api.put("putContext", "/contexts/{userId}/{conversationId}", {
  summary: "Create or replace a context",
  description: `Writes the whole context to PostgreSQL, then to Redis. A cold (archived) context is promoted and replaced. ${ACCESS}`,
  params: contextKeySchema,
  body: { schema: contextInputSchema, maxBytes: limits.putBodyBytes },
  responses: {
    200: { description: "Replaced.", schema: contextSchema },
    201: { description: "Created.", schema: contextSchema },
    409: { description: "More messages than a context may hold (CONTEXTS_MAX_MESSAGES)." },
  },
});

export const getContext = context.get("getContext", "/contexts/{userId}/{conversationId}", {
  summary: "Read a context",
  description: `Answers from Redis (hot), else PostgreSQL (warm, cached again for CONTEXTS_RECACHE_TTL_SECONDS), else the archive (cold: promoted to warm by this read). \`tier\` says which. ${ACCESS}`,
  responses: { 200: { description: "The context and the tier that answered.", schema: contextResponseSchema } },
});

export const deleteContext = context.delete("deleteContext", "/contexts/{userId}/{conversationId}", {
  summary: "Delete a context from every tier",
  description: ACCESS,
  responses: { 200: { description: "Deleted; lists the tiers that held it.", schema: deleteResponseSchema } },
});

export const appendMessages = api.post("appendMessages", "/contexts/{userId}/{conversationId}/messages", {
  summary: "Append messages",
  description: `Adds messages after the last one without rewriting the context; concurrent appends all land, in order. Creates the context if it does not exist, and promotes it if it is cold. ${ACCESS}`,
  params: contextKeySchema,
  body: { schema: appendInputSchema, maxBytes: limits.appendBodyBytes, description: `1 to ${limits.messagesPerAppend} messages.` },
  responses: {
    200: { description: "Appended to an existing context.", schema: appendResponseSchema },
    201: { description: "Appended to a context this request created.", schema: appendResponseSchema },
    409: { description: "The context would hold more messages than CONTEXTS_MAX_MESSAGES; nothing was appended." },
  },
});

export const listContexts = api.list("listContexts", "/contexts/{userId}", {
  summary: "List a user's contexts",
  description: `Headers without messages, warm and cold, most recently updated first. Page with \`cursor\`. ${ACCESS}`,
  params: userIdParamsSchema,
  query: listQuerySchema,
  page: contextPageSchema,
});

export const contextsOperations: ApiOperation[] = [putContext, getContext, deleteContext, appendMessages, listContexts];
