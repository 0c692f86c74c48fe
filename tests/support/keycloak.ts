/** Real Keycloak tokens for tests: dev users through the `strata-cli` password grant, services through client credentials. */

export type DevUser = "viewer" | "editor" | "admin";

const issuer = () => process.env.OIDC_ISSUER ?? "http://localhost:8080/realms/strata";

async function token(form: Record<string, string>): Promise<string> {
  const response = await fetch(`${issuer()}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  if (!response.ok) throw new Error(`Keycloak refused the token request: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function userToken(user: DevUser): Promise<string> {
  return token({ grant_type: "password", client_id: "strata-cli", username: user, password: `${user}-dev-password`, scope: "openid" });
}

export function serviceToken(): Promise<string> {
  return token({ grant_type: "client_credentials", client_id: "strata-service", client_secret: "strata-service-dev-secret" });
}
