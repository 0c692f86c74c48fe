import type { Caller } from "@/lib/auth/caller";
import { hasRole, type Role } from "@/lib/auth/roles";
import { recordAudit } from "./record";
import type { Prisma } from "@/lib/generated/prisma/client";
import { forbiddenError } from "@/lib/http/errors";

/**
 * Refuses (403, audited as `denied`) a caller without the role, recording what was attempted: the target
 * and, for requests naming many things, the things themselves (`details.attempted`: the keys, the items of
 * a job; the banner text of a settings change). The console's routes and actions let any signed-in person
 * through to the function that knows the target, so a refusal reads "viewer tried to delete s3://b/reports/
 * and 3 keys", not "POST /api/…/delete". Callers then run `mutate` with the same operation, whose own
 * check passes.
 */
export async function refuseUnlessRole(
  caller: Caller,
  operation: { role: Role; action: string; target: string },
  attempted: Prisma.InputJsonValue,
): Promise<void> {
  if (hasRole(caller.actor, operation.role)) return;
  await recordAudit({
    actor: caller.actor,
    action: operation.action,
    target: operation.target,
    outcome: "denied",
    ...(caller.origin ? { origin: caller.origin } : {}),
    details: { attempted },
  });
  throw forbiddenError(`This needs the ${operation.role} role; you have ${caller.actor.roles.join(", ") || "no Strata role"}.`);
}
