import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";
import { readSession, writeSession } from "./support/session-cookie";

const keycloak = process.env.KEYCLOAK_URL ?? "http://localhost:8080";

async function keycloakAdminToken(): Promise<string> {
  const response = await fetch(`${keycloak}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "admin-cli",
      username: process.env.KEYCLOAK_ADMIN ?? "admin",
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? "admin",
    }),
  });
  expect(response.ok).toBe(true);
  return ((await response.json()) as { access_token: string }).access_token;
}

test("claims due for refresh are re-read from Keycloak; a session revoked in Keycloak ends", async ({ page, context }) => {
  await signIn(page, "editor");
  const { payload, domain } = await readSession(context);
  const now = Math.floor(Date.now() / 1000);

  // Claims that are due and wrong: only a real refresh from Keycloak puts the editor role back.
  await writeSession(context, domain, { ...payload, refreshAt: now - 1, user: { ...payload.user, roles: [] } });
  await page.goto("/");
  await page.getByTestId("user-name").click();
  await expect(page.getByTestId("user-roles")).toHaveText("viewer, editor");
  const refreshed = (await readSession(context)).payload;
  expect(refreshed.refreshAt).toBeGreaterThan(now + 60);
  expect(refreshed.sid).toBe(payload.sid);

  // An administrator ends the user's sessions in Keycloak: the next refresh finds the session gone.
  const admin = await keycloakAdminToken();
  const users = (await (await fetch(`${keycloak}/admin/realms/strata/users?username=editor&exact=true`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { id: string }[];
  const logout = await fetch(`${keycloak}/admin/realms/strata/users/${users[0]!.id}/logout`, { method: "POST", headers: { authorization: `Bearer ${admin}` } });
  expect(logout.status).toBe(204);
  await writeSession(context, domain, { ...refreshed, refreshAt: Math.floor(Date.now() / 1000) - 1 });
  await page.goto("/admin/audit");
  await expect(page.locator("#kc-login")).toBeVisible();
  expect(page.url()).toContain("/realms/strata/");
});

test("a tampered session cookie counts as no session", async ({ page, context }) => {
  await signIn(page, "viewer");
  const cookie = (await context.cookies()).find((c) => c.name === "strata_session")!;
  await context.addCookies([{ ...cookie, value: `${cookie.value.slice(0, -4)}AAAA` }]);
  const api = await page.request.get("/api/admin/health");
  expect(api.status()).toBe(401);
  expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(/sign in/i);
  // A page request is sent to sign in (Keycloak's own SSO session may then sign the person straight back in).
  const pageResponse = await page.request.get("/admin/jobs", { headers: { accept: "text/html" }, maxRedirects: 0 });
  expect(pageResponse.status()).toBe(307);
  expect(pageResponse.headers().location).toMatch(/\/auth\/signin\?returnTo=%2Fadmin%2Fjobs$/);
});
