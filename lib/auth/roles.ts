export const roles = ["viewer", "editor", "admin"] as const;
export type Role = (typeof roles)[number];

export type Principal = {
  id: string;
  username: string;
  name: string;
  email?: string;
  roles: Role[];
  /** "user" for people signed in through the console, "service" for bearer-token callers of /api/v1. */
  kind: "user" | "service";
};

const rank: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

/** Roles are ordered: an admin may do what an editor may, an editor what a viewer may. */
export function hasRole(principal: Pick<Principal, "roles">, needed: Role): boolean {
  return principal.roles.some((r) => rank[r] >= rank[needed]);
}

/** The Strata roles among a token's realm roles (Keycloak puts them in `realm_access.roles`). */
export function rolesFromClaims(claims: Record<string, unknown>): Role[] {
  const realmAccess = claims.realm_access as { roles?: unknown } | undefined;
  const raw = Array.isArray(realmAccess?.roles) ? realmAccess.roles : [];
  return roles.filter((r) => raw.includes(r));
}
