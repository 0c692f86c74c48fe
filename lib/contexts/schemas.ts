import { z } from "zod";

/**
 * The shapes of contexts, as the API accepts and returns them. Route handlers validate with these, and the
 * OpenAPI document is generated from them, so the two cannot drift apart.
 */

export const limits = {
  idChars: 128,
  contentChars: 200_000,
  messagesPerPut: 5_000,
  messagesPerAppend: 100,
  putBodyBytes: 8 * 1024 * 1024,
  appendBodyBytes: 1024 * 1024,
  metadataBytes: 16 * 1024,
  titleChars: 300,
  modelChars: 200,
  tags: 32,
  tagChars: 64,
  toolCalls: 64,
  toolArgumentsChars: 65_536,
  pageSize: 200,
} as const;

const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

export const contextIdSchema = z
  .string()
  .min(1)
  .max(limits.idChars)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/, "use letters, digits and . _ : @ + - (starting with a letter or digit)");

export const contextKeySchema = z.object({
  userId: contextIdSchema.meta({ description: "Owner of the context: the Keycloak subject for console users." }),
  conversationId: contextIdSchema.meta({ description: "The conversation, as the calling service names it." }),
});
export type ContextKey = z.infer<typeof contextKeySchema>;

export const userIdParamsSchema = contextKeySchema.pick({ userId: true });

export const roleSchema = z.enum(["system", "user", "assistant", "tool"]);

const count = z.number().int().min(0).max(100_000_000);

export const toolCallSchema = z.strictObject({
  id: z.string().min(1).max(128),
  type: z.literal("function").default("function"),
  function: z.strictObject({
    name: z.string().min(1).max(128),
    arguments: z.string().max(limits.toolArgumentsChars).meta({ description: "JSON-encoded arguments, as the model produced them." }),
  }),
});

export const tokensSchema = z.strictObject({ prompt: count.optional(), completion: count.optional(), total: count.optional() });

export const messageInputSchema = z
  .strictObject({
    role: roleSchema,
    content: z.string().max(limits.contentChars),
    name: z.string().min(1).max(64).optional(),
    toolCalls: z.array(toolCallSchema).max(limits.toolCalls).optional(),
    toolCallId: z.string().min(1).max(128).optional(),
    tokens: tokensSchema.optional(),
    createdAt: z.iso.datetime({ offset: true }).optional().meta({ description: "When the message was written; defaults to the time it is stored." }),
  })
  .meta({ id: "MessageInput" });
export type MessageInput = z.infer<typeof messageInputSchema>;

export const contextInputSchema = z
  .strictObject({
    title: z.string().max(limits.titleChars).nullable().optional(),
    model: z.string().max(limits.modelChars).nullable().optional(),
    tags: z.array(z.string().min(1).max(limits.tagChars)).max(limits.tags).default([]),
    metadata: z
      .record(z.string().max(128), z.unknown())
      .default({})
      .refine((m) => jsonBytes(m) <= limits.metadataBytes, `metadata must serialise to at most ${limits.metadataBytes} bytes`)
      .meta({ description: `Any JSON object, at most ${limits.metadataBytes} bytes serialised.` }),
    messages: z.array(messageInputSchema).max(limits.messagesPerPut).default([]),
  })
  .meta({ id: "ContextInput", description: "The whole context: PUT replaces title, model, tags, metadata and every message." });
export type ContextInput = z.infer<typeof contextInputSchema>;

export const appendInputSchema = z
  .strictObject({ messages: z.array(messageInputSchema).min(1).max(limits.messagesPerAppend) })
  .meta({ id: "AppendInput" });
export type AppendInput = z.infer<typeof appendInputSchema>;

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(limits.pageSize).default(50),
  cursor: z.string().max(200).optional().meta({ description: "nextCursor of the previous page." }),
});

export const tierSchema = z.enum(["hot", "warm", "cold"]);
export type Tier = z.infer<typeof tierSchema>;

export const messageSchema = z
  .object({
    seq: z.number().int().min(1),
    role: roleSchema,
    content: z.string(),
    name: z.string().optional(),
    toolCalls: z.array(toolCallSchema).optional(),
    toolCallId: z.string().optional(),
    tokens: tokensSchema.optional(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Message" });
export type ContextMessage = z.infer<typeof messageSchema>;

const headerShape = {
  userId: z.string(),
  conversationId: z.string(),
  title: z.string().nullable(),
  model: z.string().nullable(),
  tags: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  messageCount: z.number().int(),
  bytes: z.number().int().meta({ description: "UTF-8 bytes of message contents and tool calls." }),
  version: z.string().meta({ description: "Grows on every change; compare to detect one." }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const contextHeaderSchema = z.object(headerShape).meta({ id: "ContextHeader" });
export type ContextHeader = z.infer<typeof contextHeaderSchema>;

export const contextSchema = z.object({ ...headerShape, messages: z.array(messageSchema) }).meta({ id: "Context" });
export type Context = z.infer<typeof contextSchema>;

export const contextResponseSchema = z
  .object({ ...headerShape, messages: z.array(messageSchema), tier: tierSchema.meta({ description: "The tier that answered; cold means it was promoted to warm by this read." }) })
  .meta({ id: "ContextResponse" });

export const contextSummarySchema = z
  .object({
    ...headerShape,
    tier: tierSchema,
    activeAt: z.iso.datetime().meta({ description: "Last write or read: the archive and purge clocks start here." }),
    archivedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ContextSummary" });
export type ContextSummary = z.infer<typeof contextSummarySchema>;

export const contextPageSchema = z
  .object({ items: z.array(contextSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: "ContextPage" });
export type ContextPage = z.infer<typeof contextPageSchema>;

export const appendResponseSchema = z
  .object({ version: z.string(), messageCount: z.number().int(), appended: z.array(messageSchema) })
  .meta({ id: "AppendResult" });
export type AppendResult = z.infer<typeof appendResponseSchema>;

export const deleteResponseSchema = z
  .object({ deletedFrom: z.array(tierSchema).meta({ description: "Every tier that held a copy." }) })
  .meta({ id: "DeleteResult" });

/** Console search: every filter optional and combinable; the URL of the search page holds them. */
export const searchFiltersSchema = z.object({
  user: contextIdSchema.optional(),
  conversation: z.string().trim().max(limits.idChars).optional(),
  title: z.string().trim().max(limits.titleChars).optional(),
  text: z.string().trim().max(200).optional(),
  tier: z.enum(["warm", "cold"]).optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageSize).default(50),
  cursor: z.string().max(200).optional(),
});
export type SearchFilters = z.infer<typeof searchFiltersSchema>;
