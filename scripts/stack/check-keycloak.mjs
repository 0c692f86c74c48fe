#!/usr/bin/env node
// Proves the strata realm works: user token via the password grant (strata-cli), service token via client
// credentials (strata-service), both with aud strata-api and the right realm_access.roles, and a login page
// served at the authorization endpoint for strata-console (code flow + PKCE S256).
// Usage: node scripts/stack/check-keycloak.mjs   (KEYCLOAK_URL, default http://127.0.0.1:8080)
import { createHash, randomBytes } from "node:crypto";

const base = (process.env.KEYCLOAK_URL ?? `http://127.0.0.1:${process.env.KEYCLOAK_PORT ?? 8080}`).replace(/\/$/, "");
const realm = `${base}/realms/strata`;
let failures = 0;

function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}

function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

async function token(form) {
  const res = await fetch(`${realm}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`token ${form.grant_type}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return claims(body.access_token);
}

function showAndCheck(label, c, wantRoles, unwantedRoles = []) {
  const aud = [c.aud].flat();
  const roles = c.realm_access?.roles ?? [];
  console.log(`${label}: iss=${c.iss} azp=${c.azp} sub=${c.sub} preferred_username=${c.preferred_username}`);
  console.log(`  aud=${JSON.stringify(c.aud)} realm_access.roles=${JSON.stringify(roles)}`);
  check(aud.includes("strata-api"), `${label}: aud contains strata-api`);
  for (const r of wantRoles) check(roles.includes(r), `${label}: realm_access.roles contains ${r}`);
  for (const r of unwantedRoles) check(!roles.includes(r), `${label}: realm_access.roles lacks ${r}`);
}

const discovery = await (await fetch(`${realm}/.well-known/openid-configuration`)).json();
console.log(`issuer: ${discovery.issuer}`);

for (const [user, want, unwanted] of [
  ["admin", ["admin", "editor", "viewer"], []],
  ["editor", ["editor", "viewer"], ["admin"]],
  ["viewer", ["viewer"], ["editor", "admin"]],
]) {
  const c = await token({
    grant_type: "password",
    client_id: "strata-cli",
    username: user,
    password: `${user}-dev-password`,
    scope: "openid",
  });
  showAndCheck(`${user} (password grant, strata-cli)`, c, want, unwanted);
  check(c.email === `${user}@strata.local` && c.email_verified === true, `${user}: email verified`);
}

const svc = await token({
  grant_type: "client_credentials",
  client_id: "strata-service",
  client_secret: "strata-service-dev-secret",
});
showAndCheck("strata-service (client_credentials)", svc, ["editor", "viewer"], ["admin"]);

// The browser's first step of the console's sign-in: authorization endpoint with PKCE S256.
const verifier = randomBytes(32).toString("base64url");
const auth = new URL(discovery.authorization_endpoint.replace(/^https?:\/\/[^/]+/, base));
auth.search = new URLSearchParams({
  client_id: "strata-console",
  response_type: "code",
  scope: "openid profile email",
  redirect_uri: "http://localhost:3000/auth/callback",
  state: randomBytes(8).toString("hex"),
  code_challenge: createHash("sha256").update(verifier).digest("base64url"),
  code_challenge_method: "S256",
}).toString();
const page = await fetch(auth, { redirect: "manual" });
const html = await page.text();
console.log(`GET ${auth.origin}${auth.pathname}?client_id=strata-console&... -> HTTP ${page.status} ${page.headers.get("content-type")}`);
check(page.status === 200 && /<form[^>]*id="kc-form-login"/.test(html), "strata-console: login form served");

// Sign in as a browser would: post the form, expect a redirect straight back to the console with a code
// (no "update profile" or other required-action page), then redeem the code with the verifier and secret.
const action = html.match(/<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
const login = await fetch(action.replace(/^https?:\/\/[^/]+/, base), {
  method: "POST",
  redirect: "manual",
  headers: { "content-type": "application/x-www-form-urlencoded", cookie },
  body: new URLSearchParams({ username: "editor", password: "editor-dev-password", credentialId: "" }),
});
const back = new URL(login.headers.get("location") ?? "http://invalid/");
check(
  login.status === 302 && back.origin === "http://localhost:3000" && back.searchParams.has("code"),
  `strata-console: editor signs in without required actions (HTTP ${login.status} -> ${back.origin}${back.pathname})`,
);
if (back.searchParams.has("code")) {
  const res = await fetch(`${realm}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: back.searchParams.get("code"),
      redirect_uri: "http://localhost:3000/auth/callback",
      code_verifier: verifier,
      client_id: "strata-console",
      client_secret: "strata-console-dev-secret",
    }),
  });
  const body = await res.json();
  check(res.ok && !!body.refresh_token && !!body.id_token, `strata-console: code redeemed (HTTP ${res.status})`);
  if (res.ok) showAndCheck("editor (code flow, strata-console)", claims(body.access_token), ["editor", "viewer"], ["admin"]);
}

// Without PKCE the console client must refuse (pkce.code.challenge.method = S256 is enforced).
auth.searchParams.delete("code_challenge");
auth.searchParams.delete("code_challenge_method");
const noPkce = await fetch(auth, { redirect: "manual" });
const loc = noPkce.headers.get("location") ?? "";
const refused = (noPkce.status === 302 && /error=invalid_request/.test(loc)) || (noPkce.status >= 400);
check(refused, `strata-console: request without PKCE refused (HTTP ${noPkce.status} ${loc.slice(0, 120)})`);

console.log(failures ? `${failures} check(s) failed` : "all Keycloak checks passed");
process.exit(failures ? 1 : 0);
