import type { Prisma } from "@/lib/generated/prisma/client";
import type { Principal } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { originFromHeaders, type RequestOrigin } from "@/lib/http/origin";
import { logger } from "@/lib/log/logger";

export type AuditOutcome = "success" | "failure" | "denied";

export type AuditEntry = {
  actor: Pick<Principal, "id" | "name"> | { id: "system"; name: string };
  /** Dotted verb, capability first: `files.object.delete`, `contexts.archive`, `jobs.run`. */
  action: string;
  /** What was acted on, as a URI-like string: `s3://bucket/key`, `context:user/conv`, `job:health-probe`. */
  target: string;
  outcome: AuditOutcome;
  origin?: RequestOrigin;
  details?: Prisma.InputJsonValue;
};

/**
 * Writes one audit event. An audit write that fails is logged loudly but does not undo the action it
 * describes: the action already happened, and hiding that would be worse than a missing row.
 */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  try {
    await db().auditEvent.create({
      data: {
        actorId: entry.actor.id,
        actorName: entry.actor.name,
        action: entry.action,
        target: entry.target,
        outcome: entry.outcome,
        ip: entry.origin?.ip ?? null,
        userAgent: entry.origin?.userAgent ?? null,
        ...(entry.details === undefined ? {} : { details: entry.details }),
      },
    });
  } catch (error) {
    logger().error({ err: error, action: entry.action, target: entry.target }, "audit write failed");
  }
}

/** Signing in and out of the console: the person is both the actor and the target. */
export function recordSessionAudit(action: "auth.signin" | "auth.signout", user: Pick<Principal, "id" | "name" | "username">, headers: Headers): Promise<void> {
  return recordAudit({ actor: user, action, target: `user:${user.username}`, outcome: "success", origin: originFromHeaders(headers) });
}
