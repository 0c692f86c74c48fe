import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createTestClient, createTestUser, deleteTestClient, deleteTestUser, logoutUser } from "../support/keycloak-admin";

/**
 * Keycloak-side revocation: an administrator ends a person's session in Keycloak, Keycloak POSTs a signed
 * logout token to the console's back-channel URL, and the Strata session ends at once. The test runs its
 * own Keycloak client (so the shared console client is untouched) whose back-channel URL is a small
 * server in this process handing the request to the real route handler.
 */

const run = randomUUID().slice(0, 8);
const clientId = vi.hoisted(() => {
  const id = `strata-bcl-${Math.random().toString(36).slice(2, 10)}`;
  // The logout token's audience is the client the session belongs to: this test's client plays the console.
  process.env.OIDC_CLIENT_ID = id;
  return id;
});
const clientSecret = `secret-${randomUUID()}`;
const username = `t${run}-bcl`;
const password = `pw-${randomUUID()}`;

let server: Server;
let clientUuid = "";
let userId = "";
let notify: (status: number) => void = () => {};

function nextLogout(): Promise<number> {
  const promise = new Promise<number>((resolve) => (notify = resolve));

  return promise;
}

const { POST } = await import("@/app/auth/backchannel-logout/route");
const { sessionGate } = await import("@/lib/auth/gate");
const { SESSION_COOKIE, seal } = await import("@/lib/auth/session-cookie");
const { createSession } = await import("@/lib/auth/sessions");
const { db } = await import("@/lib/db/client");

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const response = await POST(
        new NextRequest(`http://127.0.0.1${req.url}`, {
          method: "POST",
          headers: { "content-type": req.headers["content-type"] ?? "" },
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(response.status).end(await response.text());
      notify(response.status);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  clientUuid = await createTestClient(clientId, clientSecret, {
    "backchannel.logout.url": `http://127.0.0.1:${port}/auth/backchannel-logout`,
    "backchannel.logout.session.required": "true",
  });
  userId = await createTestUser(username, password, ["viewer"]);
});

afterAll(async () => {
  await db().session.deleteMany({ where: { userId } });
  if (userId) await deleteTestUser(userId);
  if (clientUuid) await deleteTestClient(clientUuid);
  await new Promise((resolve) => server.close(resolve));
});

async function signIn() {
  const issuer = new URL(process.env.OIDC_ISSUER ?? "http://localhost:8080/realms/strata");
  const config = await oidc.discovery(issuer, clientId, clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  return createSession(await oidc.genericGrantRequest(config, "password", { username, password, scope: "openid" }));
}

async function gateStatus(payload: Awaited<ReturnType<typeof signIn>>): Promise<number | "admitted"> {
  const cookie = await seal(payload, 3600);
  const response = await sessionGate(new NextRequest("http://localhost:3000/files", { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } }));
  return response.headers.get("x-middleware-next") === "1" ? "admitted" : response.status;
}

describe("back-channel logout from Keycloak", () => {
  test("an administrator ending the Keycloak session ends the Strata session at once", async () => {
    const session = await signIn();
    expect(await gateStatus(session)).toBe("admitted");

    const logout = nextLogout();
    await logoutUser(userId);
    expect(await logout).toBe(200);

    expect(await db().session.findUnique({ where: { id: session.sid } })).toBeNull();
    expect(await gateStatus(session)).toBe(401);
    const audit = await db().auditEvent.findFirst({ where: { action: "auth.backchannel_logout", actorId: userId }, orderBy: { at: "desc" } });
    expect(audit?.details).toMatchObject({ ended: 1 });
  });

  test("a logout token Keycloak did not sign, or none, is a 400 and ends nothing", async () => {
    const session = await signIn();
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "logout+jwt" })).toString("base64url");
    const claims = Buffer.from(JSON.stringify({ iss: process.env.OIDC_ISSUER, aud: clientId, sub: userId, events: { "http://schemas.openid.net/event/backchannel-logout": {} } })).toString("base64url");
    for (const body of [`logout_token=${header}.${claims}.`, "nothing=here"]) {
      const response = await POST(new NextRequest("http://127.0.0.1/auth/backchannel-logout", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }));
      expect(response.status).toBe(400);
    }
    expect(await gateStatus(session)).toBe("admitted");
  });
});
