import { Prisma } from "@/lib/generated/prisma/client";
import type { ContextHeader, ContextMessage, MessageInput } from "./schemas";

/** Rows as raw SQL returns them, and their mapping to the API's shapes. */

export type ContextRow = {
  id: bigint;
  user_id: string;
  conversation_id: string;
  title: string | null;
  model: string | null;
  tags: string[] | null;
  metadata: Prisma.JsonValue;
  message_count: number;
  bytes: bigint;
  version: bigint;
  tier_history: Prisma.JsonValue;
  created_at: Date;
  updated_at: Date;
  active_at: Date;
};

export type ArchiveRow = ContextRow & { archived_at: Date };

export type MessageRow = {
  seq: number;
  role: string;
  content: string;
  name: string | null;
  tool_calls: Prisma.JsonValue | null;
  tool_call_id: string | null;
  tokens: Prisma.JsonValue | null;
  created_at: Date;
};

export type TierEvent = { tier: "warm" | "cold"; at: string; by: string };

export const contextColumns = Prisma.raw(
  "id, user_id, conversation_id, title, model, tags, metadata, message_count, bytes, version, tier_history, created_at, updated_at, active_at",
);

export const messageColumns = Prisma.raw("seq, role, content, name, tool_calls, tool_call_id, tokens, created_at");

export function toHeader(row: ContextRow): ContextHeader {
  return {
    userId: row.user_id,
    conversationId: row.conversation_id,
    title: row.title,
    model: row.model,
    tags: row.tags ?? [],
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
    messageCount: row.message_count,
    bytes: Number(row.bytes),
    version: row.version.toString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toMessage(row: MessageRow): ContextMessage {
  return {
    seq: row.seq,
    // Only this module writes the table, always from a validated role.
    role: row.role as ContextMessage["role"],
    content: row.content,
    ...(row.name === null ? {} : { name: row.name }),
    ...(row.tool_calls === null ? {} : { toolCalls: row.tool_calls as ContextMessage["toolCalls"] }),
    ...(row.tool_call_id === null ? {} : { toolCallId: row.tool_call_id }),
    ...(row.tokens === null ? {} : { tokens: row.tokens as ContextMessage["tokens"] }),
    createdAt: row.created_at.toISOString(),
  };
}

export function toTierHistory(value: Prisma.JsonValue): TierEvent[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) return [];
    const { tier, at, by } = entry as Record<string, unknown>;
    if ((tier !== "warm" && tier !== "cold") || typeof at !== "string" || typeof by !== "string") return [];
    return [{ tier, at: new Date(at).toISOString(), by }];
  });
}

/** A message as it will be stored: the timestamp normalised to milliseconds, as PostgreSQL keeps it. */
export type PreparedMessage = Omit<MessageInput, "createdAt"> & { createdAt: string | null };

export function prepareMessages(messages: MessageInput[]): PreparedMessage[] {
  return messages.map((m) => ({ ...m, createdAt: m.createdAt ? new Date(m.createdAt).toISOString() : null }));
}

/** What a message adds to the context's `bytes`: its text and its tool calls, as UTF-8. */
export function messageBytes(messages: PreparedMessage[]): number {
  return messages.reduce(
    (sum, m) => sum + Buffer.byteLength(m.content) + (m.toolCalls ? Buffer.byteLength(JSON.stringify(m.toolCalls)) : 0),
    0,
  );
}

/** The stored form of freshly written messages, numbered from `firstSeq`, without reading them back. */
export function storedMessages(messages: PreparedMessage[], firstSeq: number, defaultCreatedAt: Date): ContextMessage[] {
  return messages.map((m, i) => ({
    seq: firstSeq + i,
    role: m.role,
    content: m.content,
    ...(m.name === undefined ? {} : { name: m.name }),
    ...(m.toolCalls === undefined ? {} : { toolCalls: m.toolCalls }),
    ...(m.toolCallId === undefined ? {} : { toolCallId: m.toolCallId }),
    ...(m.tokens === undefined ? {} : { tokens: m.tokens }),
    createdAt: m.createdAt ?? defaultCreatedAt.toISOString(),
  }));
}
