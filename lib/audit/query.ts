import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";

/** Filters for the audit log page; they live in the URL so a filtered view can be bookmarked and shared. */
export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(200).optional(),
  outcome: z.enum(["success", "failure", "denied"]).optional(),
  target: z.string().trim().max(500).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  before: z.coerce.bigint().positive().optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export type AuditEventView = {
  id: string;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  target: string;
  outcome: string;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
};

export const AUDIT_PAGE_SIZE = 50;

export function parseAuditFilter(params: Record<string, string | string[] | undefined>): AuditFilter {
  const flat = Object.fromEntries(
    Object.entries(params)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = auditFilterSchema.safeParse(flat);
  return parsed.success ? parsed.data : {};
}

/** One page of events, newest first, keyset-paged by id so deep pages stay as fast as the first. */
export async function listAuditEvents(filter: AuditFilter): Promise<{ events: AuditEventView[]; nextBefore: string | null }> {
  const where: Prisma.AuditEventWhereInput = {
    ...(filter.actor ? { OR: [{ actorName: { contains: filter.actor, mode: "insensitive" } }, { actorId: filter.actor }] } : {}),
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.target ? { target: { contains: filter.target } } : {}),
    ...(filter.from || filter.to
      ? {
          at: {
            ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
            ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
          },
        }
      : {}),
    ...(filter.before ? { id: { lt: filter.before } } : {}),
  };
  const rows = await db().auditEvent.findMany({ where, orderBy: { id: "desc" }, take: AUDIT_PAGE_SIZE + 1 });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    events: page.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      action: r.action,
      target: r.target,
      outcome: r.outcome,
      ip: r.ip,
      userAgent: r.userAgent,
      details: r.details,
    })),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
