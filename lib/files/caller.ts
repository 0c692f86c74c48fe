import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import { hasRole, type Principal, type Role } from "@/lib/auth/roles";
import { forbiddenError } from "@/lib/http/errors";
import type { RequestOrigin } from "@/lib/http/origin";

/** Who is asking and from where: every files mutation takes one, checks its role and audits under it. */
export type Caller = { actor: Principal; origin?: RequestOrigin };

/**
 * The role check inside the capability itself, so no entry point (route handler, server action, job,
 * /api/v1) can reach a mutation without it. A refusal is audited.
 */
export async function authorize(caller: Caller, role: Role, action: string, target: string): Promise<void> {
  if (hasRole(caller.actor, role)) return;
  await recordAudit({ actor: caller.actor, action, target, outcome: "denied", ...(caller.origin ? { origin: caller.origin } : {}) });
  throw forbiddenError(`This needs the ${role} role; you have ${caller.actor.roles.join(", ") || "no Strata role"}.`);
}

export type Mutation = { role: Role; action: string; target: string };

/**
 * Checks the caller's role, runs the mutation and writes its one audit event, success or failure
 * (the failure is rethrown for the entry point to answer).
 */
export async function mutate<T>(
  caller: Caller,
  { role, action, target }: Mutation,
  body: () => Promise<T>,
  details?: (result: T) => Prisma.InputJsonValue,
): Promise<T> {
  await authorize(caller, role, action, target);
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

export function s3Uri(bucket: string, key = ""): string {
  return `s3://${bucket}/${key}`;
}
