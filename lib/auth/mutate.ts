import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import { forbiddenError } from "@/lib/http/errors";
import type { Caller } from "./caller";
import { hasRole, type Principal, type Role } from "./roles";

/**
 * The one way Strata authorises and audits: a capability names each operation (`action`, `target`, who may)
 * and runs it through `mutate` (or `authorize` for reads that should audit refusals), so no entry point —
 * route handler, server action, /api/v1, job — can reach it unchecked, and the audit log reads the same
 * for files, contexts, settings and jobs.
 */

/** Answers why this actor may not, or null when it may (for rules finer than a role, e.g. "only your own"). */
export type AccessRule = (actor: Principal) => string | null;

export type Operation = {
  /** Dotted verb, capability first: `files.object.delete`, `contexts.context.archive`, `jobs.run`. */
  action: string;
  /** What is acted on, URI-like: `s3://bucket/key`, `context:user/conversation`, `job:name`, `setting:key`. */
  target: string;
  /** The least role that may, or a rule. */
  role: Role | AccessRule;
};

function refusal(actor: Principal, role: Role | AccessRule): string | null {
  if (typeof role === "function") return role(actor);
  return hasRole(actor, role) ? null : `This needs the ${role} role; you have ${actor.roles.join(", ") || "no Strata role"}.`;
}

/** Throws 403 (audited as `denied`) unless the caller may perform the operation. */
export async function authorize(caller: Caller, { action, target, role }: Operation): Promise<void> {
  const reason = refusal(caller.actor, role);
  if (reason === null) return;
  await recordAudit({ actor: caller.actor, action, target, outcome: "denied", ...(caller.origin ? { origin: caller.origin } : {}) });
  throw forbiddenError(reason);
}

/**
 * Authorises, runs the body and writes its one audit event, `success` (with `details` of the result) or
 * `failure` (with the error message; the error is rethrown for the entry point to answer).
 */
export async function mutate<T>(caller: Caller, operation: Operation, body: () => Promise<T>, details?: (result: T) => Prisma.InputJsonValue): Promise<T> {
  await authorize(caller, operation);
  const { action, target } = operation;
  const origin = caller.origin ? { origin: caller.origin } : {};
  try {
    const result = await body();
    await recordAudit({ actor: caller.actor, action, target, outcome: "success", ...origin, ...(details ? { details: details(result) } : {}) });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordAudit({ actor: caller.actor, action, target, outcome: "failure", ...origin, details: { error: message } });
    throw error;
  }
}
