import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ContextKey, ContextMessage } from "./schemas";
import { contextColumns, toMessage, type ArchiveRow, type ContextRow, type MessageRow, type PreparedMessage } from "./rows";

/**
 * The warm (user_contexts) and cold (user_contexts_archive) tiers in SQL. Messages live in
 * user_context_messages whichever tier their context is in, so a tier move is one row and one statement.
 */

export type Sql = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

/** Most tier moves a context remembers; older ones drop off so the row stays small. */
const HISTORY_LIMIT = 50;

function pushTierEvent(column: string, tier: "warm" | "cold", by: string): Prisma.Sql {
  const col = Prisma.raw(column);
  return Prisma.sql`(CASE WHEN jsonb_array_length(${col}) >= ${HISTORY_LIMIT} THEN ${col} - 0 ELSE ${col} END)
    || jsonb_build_array(jsonb_build_object('tier', ${tier}::text, 'at', now(), 'by', ${by}::text))`;
}

/**
 * Serialises writers of one context (PUT, promotion, manual moves) for the rest of the transaction. The
 * archive job does not take it: it skips rows other transactions have locked instead.
 */
export async function lockContextKey(tx: Sql, key: ContextKey): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key.userId} || '/' || ${key.conversationId}, 7301))`;
}

export async function readWarmRow(q: Sql, key: ContextKey): Promise<ContextRow | null> {
  const rows = await q.$queryRaw<ContextRow[]>`
    SELECT ${contextColumns} FROM user_contexts WHERE user_id = ${key.userId} AND conversation_id = ${key.conversationId}`;
  return rows[0] ?? null;
}

export async function readColdRow(q: Sql, key: ContextKey): Promise<ArchiveRow | null> {
  const rows = await q.$queryRaw<ArchiveRow[]>`
    SELECT ${contextColumns}, archived_at FROM user_contexts_archive WHERE user_id = ${key.userId} AND conversation_id = ${key.conversationId}`;
  return rows[0] ?? null;
}

type MessageJson = Omit<MessageRow, "created_at"> & { created_at: string };

/**
 * A context with its messages from one statement, so one snapshot: a header and messages read by separate
 * statements could straddle a concurrent append, and that mix must never be cached.
 */
export async function readContext(q: Sql, key: ContextKey, tier: "warm" | "cold"): Promise<{ row: ArchiveRow | ContextRow; messages: ContextMessage[] } | null> {
  const [archivedAt, table] = tier === "warm" ? [Prisma.raw("NULL::timestamptz"), Prisma.raw("user_contexts")] : [Prisma.raw("archived_at"), Prisma.raw("user_contexts_archive")];
  const rows = await q.$queryRaw<((ContextRow & { archived_at: Date | null }) & { messages: MessageJson[] })[]>`
    SELECT ${contextColumns}, ${archivedAt} AS archived_at, m.messages
      FROM ${table} c,
           LATERAL (SELECT coalesce(json_agg(json_build_object(
                      'seq', seq, 'role', role, 'content', content, 'name', name, 'tool_calls', tool_calls,
                      'tool_call_id', tool_call_id, 'tokens', tokens,
                      'created_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY seq), '[]'::json) AS messages
                      FROM user_context_messages WHERE context_id = c.id) m
     WHERE c.user_id = ${key.userId} AND c.conversation_id = ${key.conversationId}`;
  const found = rows[0];
  if (!found) return null;
  const { messages, ...row } = found;
  return { row: row as ArchiveRow | ContextRow, messages: messages.map((m) => toMessage({ ...m, created_at: new Date(m.created_at) })) };
}

function messagesJson(messages: PreparedMessage[]): string {
  return JSON.stringify(
    messages.map((m) => ({
      role: m.role,
      content: m.content,
      name: m.name ?? null,
      toolCalls: m.toolCalls ?? null,
      toolCallId: m.toolCallId ?? null,
      tokens: m.tokens ?? null,
      createdAt: m.createdAt,
    })),
  );
}

/** The messages as a set of rows with their position (1-based), for INSERT … SELECT. */
function messageRowsFrom(json: string): Prisma.Sql {
  return Prisma.sql`ROWS FROM (jsonb_to_recordset(${json}::jsonb) AS (role text, content text, name text, "toolCalls" jsonb, "toolCallId" text, tokens jsonb, "createdAt" timestamptz))
    WITH ORDINALITY AS m(role, content, name, "toolCalls", "toolCallId", tokens, "createdAt", ord)`;
}

/** Writes messages numbered from `afterSeq + 1`, in one statement. */
export async function insertMessages(q: Sql, contextId: bigint, afterSeq: number, messages: PreparedMessage[], defaultCreatedAt: Date) {
  if (messages.length === 0) return;
  await q.$executeRaw`
    INSERT INTO user_context_messages (context_id, seq, role, content, name, tool_calls, tool_call_id, tokens, created_at, search)
    SELECT ${contextId}, ${afterSeq}::int + m.ord::int, m.role, m.content, m.name, m."toolCalls", m."toolCallId", m.tokens,
           coalesce(m."createdAt", ${defaultCreatedAt}), to_tsvector('simple', m.content)
      FROM ${messageRowsFrom(messagesJson(messages))}`;
}

export type AppendOutcome =
  | { kind: "appended"; row: ContextRow; previousVersion: bigint; previousCount: number }
  | { kind: "missing" }
  | { kind: "full"; messageCount: number };

/**
 * Appends to a warm context in one statement: the row lock taken by FOR UPDATE orders concurrent appends,
 * each numbers its messages after the count it found, and nothing else of the context is rewritten.
 */
export async function appendToWarm(q: Sql, key: ContextKey, messages: PreparedMessage[], bytes: number, maxMessages: number): Promise<AppendOutcome> {
  const n = messages.length;
  const rows = await q.$queryRaw<(Partial<ContextRow> & { found: number; current_count: number | null; previous_version: bigint | null; previous_count: number | null })[]>`
    WITH cur AS (
      SELECT id, version, message_count FROM user_contexts
       WHERE user_id = ${key.userId} AND conversation_id = ${key.conversationId}
       FOR UPDATE
    ), upd AS (
      UPDATE user_contexts t
         SET message_count = cur.message_count + ${n}::int, bytes = t.bytes + ${bytes}::bigint,
             version = nextval('user_contexts_version_seq'), updated_at = now(), active_at = now()
        FROM cur
       WHERE t.id = cur.id AND cur.message_count + ${n}::int <= ${maxMessages}::int
      RETURNING t.*, cur.version AS previous_version, cur.message_count AS previous_count
    ), ins AS (
      INSERT INTO user_context_messages (context_id, seq, role, content, name, tool_calls, tool_call_id, tokens, created_at, search)
      SELECT upd.id, upd.previous_count + m.ord::int, m.role, m.content, m.name, m."toolCalls", m."toolCallId", m.tokens,
             coalesce(m."createdAt", upd.updated_at), to_tsvector('simple', m.content)
        FROM upd, ${messageRowsFrom(messagesJson(messages))}
    )
    SELECT (SELECT count(*) FROM cur)::int AS found, (SELECT message_count FROM cur) AS current_count, upd.*
      FROM (SELECT 1) AS one LEFT JOIN upd ON true`;
  const row = rows[0];
  if (!row || row.found === 0) return { kind: "missing" };
  if (row.id === undefined || row.id === null) return { kind: "full", messageCount: row.current_count ?? 0 };
  const { found: _found, current_count: _current, previous_version, previous_count, ...context } = row;
  return { kind: "appended", row: context as ContextRow, previousVersion: previous_version!, previousCount: previous_count! };
}

export type UpsertFields = { title: string | null; model: string | null; tags: string[]; metadata: Prisma.InputJsonValue; messageCount: number; bytes: number };

/** Creates or replaces the warm row's fields (not its messages); a new row records its creation in the history. */
export async function upsertWarm(tx: Sql, key: ContextKey, fields: UpsertFields, by: string): Promise<{ row: ContextRow; created: boolean }> {
  const rows = await tx.$queryRaw<(ContextRow & { created: boolean })[]>`
    INSERT INTO user_contexts (user_id, conversation_id, title, model, tags, metadata, message_count, bytes, tier_history)
    VALUES (${key.userId}, ${key.conversationId}, ${fields.title}, ${fields.model}, ${fields.tags}::text[], ${JSON.stringify(fields.metadata)}::jsonb,
            ${fields.messageCount}::int, ${fields.bytes}::bigint,
            jsonb_build_array(jsonb_build_object('tier', 'warm', 'at', now(), 'by', ${by}::text)))
    ON CONFLICT (user_id, conversation_id) DO UPDATE
       SET title = EXCLUDED.title, model = EXCLUDED.model, tags = EXCLUDED.tags, metadata = EXCLUDED.metadata,
           message_count = EXCLUDED.message_count, bytes = EXCLUDED.bytes,
           version = nextval('user_contexts_version_seq'), updated_at = now(), active_at = now()
    RETURNING ${contextColumns}, (xmax = 0) AS created`;
  const { created, ...row } = rows[0]!;
  return { row, created };
}

export async function deleteMessages(tx: Sql, contextId: bigint): Promise<void> {
  await tx.$executeRaw`DELETE FROM user_context_messages WHERE context_id = ${contextId}`;
}

/** Cold → warm in one statement: the row leaves the archive and enters user_contexts with a new version. */
export async function promoteToWarm(q: Sql, key: ContextKey, by: string): Promise<ContextRow | null> {
  const rows = await q.$queryRaw<ContextRow[]>`
    WITH moved AS (
      DELETE FROM user_contexts_archive WHERE user_id = ${key.userId} AND conversation_id = ${key.conversationId} RETURNING *
    )
    INSERT INTO user_contexts (id, user_id, conversation_id, title, model, tags, metadata, message_count, bytes, version, tier_history, created_at, updated_at, active_at)
    SELECT id, user_id, conversation_id, title, model, tags, metadata, message_count, bytes, nextval('user_contexts_version_seq'),
           ${pushTierEvent("tier_history", "warm", by)}, created_at, updated_at, now()
      FROM moved
    RETURNING ${contextColumns}`;
  return rows[0] ?? null;
}

const archiveInsert = (by: string) => Prisma.sql`
    INSERT INTO user_contexts_archive (id, user_id, conversation_id, title, model, tags, metadata, message_count, bytes, version, tier_history, created_at, updated_at, active_at, archived_at)
    SELECT id, user_id, conversation_id, title, model, tags, metadata, message_count, bytes, nextval('user_contexts_version_seq'),
           ${pushTierEvent("tier_history", "cold", by)}, created_at, updated_at, active_at, now()
      FROM moved`;

/** Warm → cold for one context, now (the console's "archive now"). */
export async function moveToCold(q: Sql, key: ContextKey, by: string): Promise<ArchiveRow | null> {
  const rows = await q.$queryRaw<ArchiveRow[]>`
    WITH moved AS (
      DELETE FROM user_contexts WHERE user_id = ${key.userId} AND conversation_id = ${key.conversationId} RETURNING *
    )
    ${archiveInsert(by)}
    RETURNING ${contextColumns}, archived_at`;
  return rows[0] ?? null;
}

/**
 * Narrows a job to the contexts of users whose id starts with `userPrefix`. Production runs unscoped (every
 * context); tests scope their runs to their own rows, so a run never acts on rows other files or earlier,
 * interrupted runs left in a shared database.
 */
export type JobScope = { userPrefix?: string };

export function inScope(scope: JobScope, column = Prisma.sql`user_id`): Prisma.Sql {
  if (scope.userPrefix === undefined) return Prisma.empty;
  return Prisma.sql`AND ${column} LIKE ${`${likeEscape(scope.userPrefix)}%`}`;
}

/** Text matched literally by LIKE (its wildcards and the escape character escaped). */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One batch of the archive job: up to `limit` contexts idle since before `cutoff` move to cold in a single
 * statement (so a single transaction). Rows another transaction holds are skipped, not waited for.
 */
export async function archiveBatch(q: Sql, cutoff: Date, limit: number, scope: JobScope = {}): Promise<number> {
  return q.$executeRaw`
    WITH moved AS (
      DELETE FROM user_contexts
       WHERE id = ANY(ARRAY(
         SELECT id FROM user_contexts WHERE active_at < ${cutoff} ${inScope(scope)}
          ORDER BY active_at, id LIMIT ${limit}::int FOR UPDATE SKIP LOCKED))
      RETURNING *
    )
    ${archiveInsert("archive-job")}`;
}

export type DeleteOutcome = { warm: number; cold: number; fence: bigint };

/** Removes a context from both PostgreSQL tiers with its messages, in one statement. */
export async function deleteEverywhere(q: Sql, key: ContextKey): Promise<DeleteOutcome> {
  const rows = await q.$queryRaw<DeleteOutcome[]>`
    WITH w AS (
      DELETE FROM user_contexts WHERE user_id = ${key.userId} AND conversation_id = ${key.conversationId} RETURNING id
    ), c AS (
      DELETE FROM user_contexts_archive WHERE user_id = ${key.userId} AND conversation_id = ${key.conversationId} RETURNING id
    ), m AS (
      DELETE FROM user_context_messages WHERE context_id = ANY(ARRAY(SELECT id FROM w UNION ALL SELECT id FROM c))
    )
    SELECT (SELECT count(*) FROM w)::int AS warm, (SELECT count(*) FROM c)::int AS cold, nextval('user_contexts_version_seq') AS fence`;
  return rows[0]!;
}
