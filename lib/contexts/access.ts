import { hasRole, type Principal } from "@/lib/auth/roles";

export type ContextAccess = "read" | "write";

/**
 * Who may touch whose contexts. Admins: everyone's. Services (client-credentials tokens): any user's — to
 * read with viewer, to write with editor. People, in the console or with their own token: only their own
 * (`userId` equal to their Keycloak subject), whatever their other roles.
 */
export function canAccessContexts(principal: Principal, ownerId: string, access: ContextAccess): boolean {
  if (hasRole(principal, "admin")) return true;
  if (principal.kind === "service") return hasRole(principal, access === "read" ? "viewer" : "editor");
  return principal.id === ownerId && hasRole(principal, "viewer");
}

/** Why this principal may not touch these contexts, or null when it may (an `AccessRule` for `lib/auth/mutate`). */
export function contextAccessRefusal(principal: Principal, ownerId: string, access: ContextAccess): string | null {
  if (canAccessContexts(principal, ownerId, access)) return null;
  return principal.kind === "service"
    ? `Writing contexts needs the editor role; the service has ${principal.roles.join(", ") || "no Strata role"}.`
    : "A person's token may only use its own userId (its subject); other users' contexts need the admin role.";
}
