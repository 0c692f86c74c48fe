import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sessionGate } from "@/lib/auth/gate";
import { SESSION_COOKIE, seal, type SessionPayload } from "@/lib/auth/session-cookie";
import { liveSessions } from "@/lib/auth/live-sessions";
import { createSession, destroySession, isSessionLive } from "@/lib/auth/sessions";
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

/**
 * Resolves when this process has forgotten every id in `sids` (or everything): what someone else ends —
 * another replica, an administrator's SQL, this test's own queries — reaches the gate as PostgreSQL's notice,
 * after the commit. Taken before the change, so no notice can be missed; awaited, so no timing is assumed.
 */
function forgotten(sids: string[]): Promise<void> {
  const pending = new Set(sids);
  return new Promise((resolve) => {
    const memory = liveSessions();
    const seen = (sid: string) => {
      if (sid === "*") pending.clear();
      else pending.delete(sid);
      if (pending.size > 0) return;
      memory.off("forgotten", seen);
      resolve();
    };
    memory.on("forgotten", seen);
  });
}

/** Waits until the memory listens, so a test can prove it answers from memory (the gate starts it on first use). */
async function listening(): Promise<void> {
  while (!liveSessions().listening) {
    liveSessions().has("");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeAll(async () => {
  userId = await createTestUser(username, password, ["editor"]);
});

afterAll(async () => {
  await db().session.deleteMany({ where: { userId } });
  if (userId) await deleteTestUser(userId);
});

describe("a cookie opens nothing without its live session row", () => {
  test("a signed-in session passes; after sign-out the same cookie is refused at once", async () => {
    await listening();
    const session = await signIn();
    expect(admitted(await gate(session))).toBe(true);
    expect(liveSessions().has(session.sid)).toBe(true);
    // No waiting for the notice: the process that signs out forgets the session before answering.
    await destroySession(session.sid);
    const replayed = await gate(session);
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get("set-cookie")).toContain(`${SESSION_COOKIE}=;`);
  });

  test("revoking a person's sessions (rows deleted elsewhere) ends every cookie of theirs once PostgreSQL's notice arrives", async () => {
    await listening();
    const [first, second] = [await signIn(), await signIn()];
    expect(admitted(await gate(first)) && admitted(await gate(second))).toBe(true);
    expect(liveSessions().has(first.sid) && liveSessions().has(second.sid)).toBe(true);
    const notice = forgotten([first.sid, second.sid]);
    await db().session.deleteMany({ where: { userId } });
    await notice;
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
    await listening();
    const session = await signIn();
    expect(admitted(await gate(session))).toBe(true);
    const notice = forgotten([session.sid]);
    await db().session.update({ where: { id: session.sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await notice;
    expect((await gate(session)).status).toBe(401);
  });

  test("the session row records Keycloak's session id, which back-channel logout names", async () => {
    const session = await signIn();
    const row = await db().session.findUnique({ where: { id: session.sid } });
    expect(row?.keycloakSid).toEqual(expect.any(String));
  });
});

describe("the gate's memory of live sessions (lib/auth/live-sessions.ts)", () => {
  test("a session verified once is answered from memory, without reading its row", async () => {
    await listening();
    const session = await signIn();
    expect(await isSessionLive(session.sid)).toBe(true);
    // Proof that the row is not read: deleted with the trigger off (within one transaction, so nobody else
    // ever sees it off), the deletion sends no notice and the memory still answers.
    await db().$transaction([
      db().$executeRaw`ALTER TABLE "sessions" DISABLE TRIGGER "sessions_ended"`,
      db().$executeRaw`DELETE FROM "sessions" WHERE "id" = ${session.sid}`,
      db().$executeRaw`ALTER TABLE "sessions" ENABLE TRIGGER "sessions_ended"`,
    ]);
    expect(await isSessionLive(session.sid)).toBe(true);
    liveSessions().forget(session.sid);
    expect(await isSessionLive(session.sid)).toBe(false);
  });

  test("a row read before an ending committed is not remembered after it", async () => {
    await listening();
    const session = await signIn();
    const memory = liveSessions();
    const ticket = memory.ticket();
    const row = await db().session.findUniqueOrThrow({ where: { id: session.sid } });
    const notice = forgotten([session.sid]);
    await db().session.delete({ where: { id: session.sid } });
    await notice;
    memory.remember(session.sid, row.expiresAt, ticket);
    expect(memory.has(session.sid)).toBe(false);
    expect((await gate(session)).status).toBe(401);
  });

  test("when the listening connection drops, everything is forgotten and rows are read until it listens again", async () => {
    await listening();
    const session = await signIn();
    expect(admitted(await gate(session))).toBe(true);
    const memory = liveSessions();
    expect(memory.has(session.sid)).toBe(true);
    const dropped = forgotten(["*"]);
    await db().$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${memory.applicationName}`;
    await dropped;
    expect(memory.listening).toBe(false);
    expect(memory.ticket()).toBeNull();
    // Ended while nobody listened: no notice reaches the memory, so the row itself must answer.
    await db().session.delete({ where: { id: session.sid } });
    expect((await gate(session)).status).toBe(401);
    await listening();
  });
});
