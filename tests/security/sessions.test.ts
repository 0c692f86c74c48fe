import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sessionGate } from "@/lib/auth/gate";
import { SESSION_COOKIE, seal, type SessionPayload } from "@/lib/auth/session-cookie";
import { createSession, destroySession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { createTestUser, deleteTestUser } from "../support/keycloak-admin";

/**
 * Issue 12, holes 1 and 2: a signed-out session's cookie still opened pages, and a cookie sealed with the
 * published SESSION_SECRET (admin roles, no session row) was accepted. The gate now requires a live
 * session row on every request.
 */

const run = randomUUID().slice(0, 8);
const username = `t${run}-session`;
const password = `pw-${randomUUID()}`;
let userId = "";

async function signIn(): Promise<SessionPayload> {
  const issuer = new URL(process.env.OIDC_ISSUER ?? "http://localhost:8080/realms/strata");
  const config = await oidc.discovery(issuer, "strata-cli", undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const tokens = await oidc.genericGrantRequest(config, "password", { username, password, scope: "openid" });
  return createSession(tokens);
}

async function gate(payload: SessionPayload, path = "/files") {
  const cookie = await seal(payload, 3600);
  return sessionGate(new NextRequest(`http://localhost:3000${path}`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}`, accept: "application/json" } }));
}

const admitted = (response: Response) => response.headers.get("x-middleware-next") === "1";

beforeAll(async () => {
  userId = await createTestUser(username, password, ["editor"]);
});

afterAll(async () => {
  await db().session.deleteMany({ where: { userId } });
  if (userId) await deleteTestUser(userId);
});

describe("a cookie opens nothing without its live session row", () => {
  test("a signed-in session passes; after sign-out the same cookie is refused at once", async () => {
    const session = await signIn();
    expect(admitted(await gate(session))).toBe(true);
    await destroySession(session.sid);
    const replayed = await gate(session);
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get("set-cookie")).toContain(`${SESSION_COOKIE}=;`);
  });

  test("revoking a person's sessions (rows deleted) ends every cookie of theirs on the next request", async () => {
    const [first, second] = [await signIn(), await signIn()];
    expect(admitted(await gate(first)) && admitted(await gate(second))).toBe(true);
    await db().session.deleteMany({ where: { userId } });
    expect((await gate(first)).status).toBe(401);
    expect((await gate(second)).status).toBe(401);
  });

  test("a cookie forged with the secret (admin roles, refresh 10 years away, no row) is refused", async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged: SessionPayload = {
      sid: randomBytes(24).toString("base64url"),
      user: { id: randomUUID(), username: "mallory", name: "Mallory", roles: ["viewer", "editor", "admin"], kind: "user" },
      refreshAt: now + 10 * 365 * 86_400,
      expiresAt: now + 10 * 365 * 86_400,
    };
    expect((await gate(forged, "/admin/audit")).status).toBe(401);
  });

  test("a session past its lifetime in the database is refused even when the cookie says otherwise", async () => {
    const session = await signIn();
    await db().session.update({ where: { id: session.sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await gate(session)).status).toBe(401);
  });

  test("the session row records Keycloak's session id, which back-channel logout names", async () => {
    const session = await signIn();
    const row = await db().session.findUnique({ where: { id: session.sid } });
    expect(row?.keycloakSid).toEqual(expect.any(String));
  });
});
