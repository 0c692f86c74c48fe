/**
 * Keycloak's admin REST API for tests that need their own users or clients (unique names per run, removed
 * afterwards), so no test signs out or changes the shared dev users. The admin account is the dev stack's
 * (scripts/stack/services/keycloak.sh: KEYCLOAK_ADMIN / KEYCLOAK_ADMIN_PASSWORD, default admin/admin).
 */

const issuer = () => process.env.OIDC_ISSUER ?? "http://localhost:8080/realms/strata";
const base = () => issuer().replace(/\/realms\/[^/]+$/, "");
const realm = () => issuer().replace(/^.*\/realms\//, "");

async function adminToken(): Promise<string> {
  const response = await fetch(`${base()}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "admin-cli",
      username: process.env.KEYCLOAK_ADMIN ?? "admin",
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? "admin",
    }),
  });
  if (!response.ok) throw new Error(`Keycloak admin sign-in failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function keycloakAdmin(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${base()}/admin/realms/${realm()}${path}`, {
    method,
    headers: { authorization: `Bearer ${await adminToken()}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`Keycloak admin ${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

function idFromLocation(response: Response): string {
  return response.headers.get("location")!.split("/").pop()!;
}

/** A person with a password and the given realm roles; returns the user's id (the tokens' `sub`). */
export async function createTestUser(username: string, password: string, roles: string[]): Promise<string> {
  const created = await keycloakAdmin("POST", "/users", {
    username,
    enabled: true,
    emailVerified: true,
    firstName: "Test",
    lastName: username,
    email: `${username}@test.strata.local`,
    credentials: [{ type: "password", value: password, temporary: false }],
  });
  const id = idFromLocation(created);
  const available = (await (await keycloakAdmin("GET", "/roles")).json()) as { id: string; name: string }[];
  await keycloakAdmin("POST", `/users/${id}/role-mappings/realm`, available.filter((r) => roles.includes(r.name)));
  return id;
}

export async function deleteTestUser(id: string): Promise<void> {
  await keycloakAdmin("DELETE", `/users/${id}`);
}

/** A confidential client with the password grant, for tests that need a client of their own; returns its internal id. */
export async function createTestClient(clientId: string, secret: string, attributes: Record<string, string>): Promise<string> {
  const created = await keycloakAdmin("POST", "/clients", {
    clientId,
    secret,
    enabled: true,
    publicClient: false,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: true,
    frontchannelLogout: false,
    attributes,
    protocolMappers: [
      {
        name: "strata-api-audience",
        protocol: "openid-connect",
        protocolMapper: "oidc-audience-mapper",
        config: { "included.custom.audience": "strata-api", "access.token.claim": "true", "id.token.claim": "false" },
      },
    ],
  });
  return idFromLocation(created);
}

export async function deleteTestClient(id: string): Promise<void> {
  await keycloakAdmin("DELETE", `/clients/${id}`);
}

/** Ends every Keycloak session of a user, as an administrator revoking access would. */
export async function logoutUser(id: string): Promise<void> {
  await keycloakAdmin("POST", `/users/${id}/logout`);
}
