import { Prisma } from "@/lib/generated/prisma/client";
import type { PrismaClient } from "@/lib/db/client";
import { decodeCursor, encodeCursor, outputColumns, type OutputRow } from "./rows";
import { badRequest } from "@/lib/http/errors";
import type { OutputType } from "./media";

/** generated_outputs in SQL: the registry of every output, where its bytes are, and how often it is read. */

export type Sql = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

export type NewOutput = { id: string; userId: string; filename: string; type: OutputType; contentType: string; size: number; key: string; createdAt: Date; createdBy: string };

export async function insertOutput(q: Sql, o: NewOutput): Promise<OutputRow> {
  const rows = await q.$queryRaw<OutputRow[]>`
    INSERT INTO generated_outputs (id, user_id, filename, type, content_type, size, key, created_at, hot_since, created_by)
    VALUES (${o.id}::uuid, ${o.userId}, ${o.filename}, ${o.type}, ${o.contentType}, ${o.size}::bigint, ${o.key}, ${o.createdAt}, ${o.createdAt}, ${o.createdBy})
    RETURNING ${outputColumns}`;
  return rows[0]!;
}

export async function findOutput(q: Sql, id: string): Promise<OutputRow | null> {
  const rows = await q.$queryRaw<OutputRow[]>`SELECT ${outputColumns} FROM generated_outputs WHERE id = ${id}::uuid`;
  return rows[0] ?? null;
}

export type ListFilters = { userId?: string | undefined; type?: OutputType | undefined; from?: string | undefined; to?: string | undefined; limit: number; cursor?: string | undefined };

/** One page of uploaded outputs (pending registrations are not shown), newest first. */
export async function listOutputRows(q: Sql, f: ListFilters): Promise<{ rows: OutputRow[]; nextCursor: string | null }> {
  const after = f.cursor ? decodeCursor(f.cursor) : null;
  if (f.cursor && !after) throw badRequest("The cursor is not one this API handed out; start again without it.");
  const where: Prisma.Sql[] = [Prisma.sql`(on_hot OR on_cold)`];
  if (f.userId) where.push(Prisma.sql`user_id = ${f.userId}`);
  if (f.type) where.push(Prisma.sql`type = ${f.type}`);
  if (f.from) where.push(Prisma.sql`created_at >= (${f.from}::date)::timestamp AT TIME ZONE 'UTC'`);
  if (f.to) where.push(Prisma.sql`created_at < (${f.to}::date + 1)::timestamp AT TIME ZONE 'UTC'`);
  if (after) where.push(Prisma.sql`(created_at, id) < (${after.createdAt}, ${after.id}::uuid)`);
  const rows = await q.$queryRaw<OutputRow[]>`
    SELECT ${outputColumns} FROM generated_outputs WHERE ${Prisma.join(where, " AND ")}
     ORDER BY created_at DESC, id DESC LIMIT ${f.limit + 1}`;
  const page = rows.slice(0, f.limit);
  return { rows: page, nextCursor: rows.length > f.limit ? encodeCursor(page.at(-1)!) : null };
}

/**
 * Counts one download in one statement and answers where the bytes are now. A read while only the cold
 * copy exists also counts towards re-promotion.
 */
export async function recordAccess(q: Sql, id: string, now: Date): Promise<OutputRow | null> {
  const rows = await q.$queryRaw<OutputRow[]>`
    UPDATE generated_outputs
       SET access_count = access_count + 1, last_access_at = ${now},
           cold_reads = cold_reads + CASE WHEN on_hot THEN 0 ELSE 1 END
     WHERE id = ${id}::uuid AND (on_hot OR on_cold)
    RETURNING ${outputColumns}`;
  return rows[0] ?? null;
}

/** The upload of a registered output has been seen in the hot bucket. */
export async function markArrived(q: Sql, id: string, now: Date): Promise<OutputRow | null> {
  const rows = await q.$queryRaw<OutputRow[]>`
    UPDATE generated_outputs SET on_hot = true, uploaded_at = coalesce(uploaded_at, ${now})
     WHERE id = ${id}::uuid AND NOT on_hot AND NOT on_cold
    RETURNING ${outputColumns}`;
  return rows[0] ?? null;
}

export async function deleteRows(q: Sql, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return q.$executeRaw`DELETE FROM generated_outputs WHERE id = ANY(${ids}::uuid[])`;
}

/** A batch of one user's outputs (any state), for deleting them all. */
export async function userBatch(q: Sql, userId: string, limit: number): Promise<Pick<OutputRow, "id" | "key">[]> {
  return q.$queryRaw<Pick<OutputRow, "id" | "key">[]>`
    SELECT id::text AS id, key FROM generated_outputs WHERE user_id = ${userId} ORDER BY created_at, id LIMIT ${limit}`;
}
