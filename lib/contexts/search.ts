import { Prisma } from "@/lib/generated/prisma/client";
import { badRequest } from "@/lib/http/errors";
import type { HotTier } from "./hot-tier";
import { likeEscape, type Sql } from "./pg-tiers";
import { contextColumns, toHeader, type ContextRow } from "./rows";
import type { ContextPage, ContextSummary } from "./schemas";

/**
 * Lists context headers across both PostgreSQL tiers, newest update first, with keyset paging (a cursor of
 * the last row's updated_at and id) so page 100 costs what page 1 does. Filters combine: owner, conversation
 * id prefix, title substring, and words in any message (the full-text index covers both tiers).
 */

export type ContextQuery = {
  /** Only this user's contexts (people who are not admins only ever get their own). */
  owner?: string;
  conversation?: string;
  title?: string;
  text?: string;
  tier?: "warm" | "cold";
  limit: number;
  cursor?: string;
};

type Cursor = { updatedAt: Date; id: bigint };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.updatedAt.toISOString()}|${c.id}`).toString("base64url");
}

const MAX_BIGINT = 9223372036854775807n;
const MIN_TIME_MS = Date.UTC(1, 0, 1);
const MAX_TIME_MS = Date.UTC(9999, 11, 31);

export function decodeCursor(value: string): Cursor {
  const [at, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const updatedAt = new Date(at ?? "");
  // Bounded to what PostgreSQL stores (bigint, timestamptz), so a crafted cursor is a 400, never a query error.
  const valid = id !== undefined && /^\d{1,19}$/.test(id) && BigInt(id) <= MAX_BIGINT && updatedAt.getTime() >= MIN_TIME_MS && updatedAt.getTime() <= MAX_TIME_MS;
  if (!valid) throw badRequest("The cursor is not one this API returned.");
  return { updatedAt, id: BigInt(id) };
}


function conditions(query: ContextQuery, cursor: Cursor | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (query.owner) parts.push(Prisma.sql`user_id = ${query.owner}`);
  if (query.conversation) parts.push(Prisma.sql`conversation_id LIKE ${`${likeEscape(query.conversation)}%`}`);
  if (query.title) parts.push(Prisma.sql`title ILIKE ${`%${likeEscape(query.title)}%`}`);
  if (query.text) {
    parts.push(Prisma.sql`id IN (SELECT context_id FROM user_context_messages WHERE search @@ websearch_to_tsquery('simple', ${query.text}))`);
  }
  if (cursor) parts.push(Prisma.sql`(updated_at, id) < (${cursor.updatedAt}, ${cursor.id})`);
  return parts.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}`;
}

type SummaryRow = ContextRow & { tier: "warm" | "cold"; archived_at: Date | null };

export async function searchContexts(q: Sql, hot: HotTier, query: ContextQuery): Promise<ContextPage> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const where = conditions(query, cursor);
  const branches: Prisma.Sql[] = [];
  if (query.tier !== "cold") branches.push(Prisma.sql`SELECT 'warm' AS tier, ${contextColumns}, NULL::timestamptz AS archived_at FROM user_contexts ${where}`);
  if (query.tier !== "warm") branches.push(Prisma.sql`SELECT 'cold' AS tier, ${contextColumns}, archived_at FROM user_contexts_archive ${where}`);
  const rows = await q.$queryRaw<SummaryRow[]>`
    SELECT * FROM (${Prisma.join(branches, " UNION ALL ")}) AS tiers
     ORDER BY updated_at DESC, id DESC
     LIMIT ${query.limit + 1}::int`;
  const page = rows.slice(0, query.limit);
  const cached = await hot
    .cached(page.map((r) => ({ userId: r.user_id, conversationId: r.conversation_id })))
    .catch(() => page.map(() => false));
  const items: ContextSummary[] = page.map((row, i) => ({
    ...toHeader(row),
    tier: row.tier === "warm" && cached[i] ? "hot" : row.tier,
    activeAt: row.active_at.toISOString(),
    archivedAt: row.archived_at?.toISOString() ?? null,
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ updatedAt: last.updated_at, id: last.id }) : null };
}
