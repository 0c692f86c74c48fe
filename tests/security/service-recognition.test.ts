import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as messagesRoute from "@/app/api/v1/contexts/[userId]/[conversationId]/messages/route";
import { authenticateBearer } from "@/lib/auth/guards";
import { isServiceToken } from "@/lib/auth/access-token";
import { db } from "@/lib/db/client";
import { createTestUser, deleteTestUser } from "../support/keycloak-admin";
import { serviceToken } from "../support/keycloak";

/**
 * Issue 12, hole 4: a person whose username starts with `service-account-` acted as a service and wrote
 * another user's context. Services are recognised by the client Keycloak issued the token to (`azp`) and
 * the absence of a user session, so such a person is a person.
 */

const run = randomUUID().slice(0, 8);
const impostorName = `service-account-impostor-${run}`;
const password = `pw-${randomUUID()}`;
const victim = `t${run}-victim`;
let impostorId = "";
let impostorToken = "";

async function passwordToken(username: string): Promise<string> {
  const issuer = process.env.OIDC_ISSUER ?? "http://localhost:8080/realms/strata";
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: "strata-cli", username, password, scope: "openid" }),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

function append(token: string, userId: string, conversationId: string) {
  const request = new NextRequest(`http://localhost:3000/api/v1/contexts/${userId}/${conversationId}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "user-agent": "vitest" },
    body: JSON.stringify({ messages: [{ role: "user", content: "hello" }] }),
  });
  return messagesRoute.POST(request, { params: Promise.resolve({ userId, conversationId }) });
}

beforeAll(async () => {
  impostorId = await createTestUser(impostorName, password, ["editor"]);
  impostorToken = await passwordToken(impostorName);
});

afterAll(async () => {
  if (impostorId) await deleteTestUser(impostorId);
  await db().$executeRaw`DELETE FROM user_contexts WHERE user_id = ${victim}`;
});

describe("services are what Keycloak asserts, not what a username says", () => {
  test("a person named service-account-… with the editor role is a person", async () => {
    const principal = await authenticateBearer(new NextRequest("http://localhost/x", { headers: { authorization: `Bearer ${impostorToken}` } }));
    expect(principal.username).toBe(impostorName);
    expect(principal.kind).toBe("user");
  });

  test("and cannot write another user's context (403), while the real service can (201)", async () => {
    const refused = await append(impostorToken, victim, "c1");
    expect(refused.status).toBe(403);
    const allowed = await append(await serviceToken(), victim, "c1");
    expect(allowed.status).toBe(201);
  });

  test("the rule: a listed client, and no user session", () => {
    const clients = ["strata-service"];
    expect(isServiceToken({ azp: "strata-service" }, clients)).toBe(true);
    expect(isServiceToken({ azp: "strata-cli", preferred_username: "service-account-strata-service" }, clients)).toBe(false);
    expect(isServiceToken({ azp: "strata-service", sid: "a-user-session" }, clients)).toBe(false);
    expect(isServiceToken({ preferred_username: "service-account-x" }, clients)).toBe(false);
  });
});
