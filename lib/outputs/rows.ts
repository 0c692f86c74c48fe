import { Prisma } from "@/lib/generated/prisma/client";
import type { OutputType } from "./media";
import type { Output, Tier } from "./schemas";

/** A generated_outputs row as SQL returns it, and its API shape. */
export type OutputRow = {
  id: string;
  user_id: string;
  filename: string;
  type: string;
  content_type: string;
  size: bigint;
  key: string;
  on_hot: boolean;
  on_cold: boolean;
  access_count: number;
  cold_reads: number;
  created_at: Date;
  uploaded_at: Date | null;
  hot_since: Date | null;
  last_access_at: Date | null;
};

export const outputColumns = Prisma.sql`id::text AS id, user_id, filename, type, content_type, size, key, on_hot, on_cold, access_count,
  cold_reads, created_at, uploaded_at, hot_since, last_access_at`;

export function tierOf(row: Pick<OutputRow, "on_hot" | "on_cold">): Tier {
  if (row.on_hot && row.on_cold) return "both";
  if (row.on_hot) return "hot";
  if (row.on_cold) return "cold";
  return "pending";
}

export function toOutput(row: OutputRow): Output {
  return {
    id: row.id,
    userId: row.user_id,
    filename: row.filename,
    type: row.type as OutputType,
    contentType: row.content_type,
    size: Number(row.size),
    key: row.key,
    tier: tierOf(row),
    onHot: row.on_hot,
    onCold: row.on_cold,
    accessCount: row.access_count,
    createdAt: row.created_at.toISOString(),
    lastAccessAt: row.last_access_at?.toISOString() ?? null,
  };
}

/** Keyset cursor over (created_at desc, id desc): opaque to callers, validated on the way back in. */
export function encodeCursor(row: Pick<OutputRow, "created_at" | "id">): string {
  return Buffer.from(`${row.created_at.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (Number.isNaN(createdAt.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { createdAt, id };
}
