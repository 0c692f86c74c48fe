import type { AccessRule } from "@/lib/auth/mutate";
import { hasRole, type Principal } from "@/lib/auth/roles";

export type OutputAccess = "read" | "write";

/**
 * Who may reach whose outputs, by the contexts API's rules: admins everyone's; services (client
 * credentials) any user's, to read with viewer and to register or delete with editor; people only their
 * own (`userId` equal to their Keycloak subject), whatever their other roles.
 */
export function canAccessOutputs(principal: Principal, ownerId: string | null, access: OutputAccess): boolean {
  if (hasRole(principal, "admin")) return true;
  if (principal.kind === "service") return hasRole(principal, access === "read" ? "viewer" : "editor");
  return ownerId !== null && principal.id === ownerId && hasRole(principal, "viewer");
}

/** The rule as `lib/auth/mutate` takes it; `ownerId` null means "everyone's" (admins and services only). */
export function outputAccess(ownerId: string | null, access: OutputAccess): AccessRule {
  return (principal) => {
    if (canAccessOutputs(principal, ownerId, access)) return null;
    if (principal.kind === "service") return `This needs the ${access === "read" ? "viewer" : "editor"} role; the service has ${principal.roles.join(", ") || "no Strata role"}.`;
    return ownerId === null ? "Everyone's outputs are for admins; ask for your own." : "People reach only their own outputs; other users' outputs need the admin role.";
  };
}
