import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, test } from "vitest";
import { authenticateBearer, withBearerRole } from "@/lib/auth/guards";
import { db } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { serviceToken, userToken } from "../support/keycloak";

function request(token?: string, path = "/api/v1/probe") {
  return new NextRequest(`http://localhost:3000${path}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "x-forwarded-for": "203.0.113.7", "user-agent": "vitest" },
  });
}

const handler = withBearerRole<{ params: Promise<Record<string, never>> }>("editor", async (_req, { principal }) =>
  Response.json({ who: principal.username, kind: principal.kind, roles: principal.roles }),
);
const ctx = { params: Promise.resolve({}) };

describe("bearer tokens from Keycloak", () => {
  test("a service's client-credentials token is accepted with its realm roles", async () => {
    const principal = await authenticateBearer(request(await serviceToken()));
    expect(principal.kind).toBe("service");
    expect(principal.roles).toContain("editor");
  });

  test("a user's token carries the user's identity and roles", async () => {
    const principal = await authenticateBearer(request(await userToken("admin")));
    expect(principal.username).toBe("admin");
    expect(principal.kind).toBe("user");
    expect(principal.roles).toEqual(expect.arrayContaining(["viewer", "editor", "admin"]));
  });

  test("no token, a malformed header and a forged token are 401 with a JSON reason", async () => {
    for (const req of [request(), new NextRequest("http://localhost/x", { headers: { authorization: "Basic abc" } })]) {
      const response = await handler(req, ctx);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    const real = await userToken("editor");
    const [header, payload] = real.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), realm_access: { roles: ["admin"] } }),
    ).toString("base64url");
    await expect(authenticateBearer(request(`${header}.${forgedPayload}.${real.split(".")[2]}`))).rejects.toBeInstanceOf(HttpError);
    expect((await handler(request(`${header}.${forgedPayload}.${real.split(".")[2]}`), ctx)).status).toBe(401);
  });

  test("a valid token without the role is 403, and the refusal is audited", async () => {
    // A path of this run's own: the audit row is found by it, not by a time window.
    const path = `/api/v1/probe-403-${randomUUID()}`;
    const response = await handler(request(await userToken("viewer"), path), ctx);
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("forbidden");
    expect(body.error.message).toContain("editor");
    const audit = await db().auditEvent.findFirst({ where: { target: path } });
    expect(audit).toMatchObject({ actorName: expect.any(String), outcome: "denied", ip: "203.0.113.7", userAgent: "vitest" });
  });

  test("a token with the role reaches the handler", async () => {
    const response = await handler(request(await userToken("editor")), ctx);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ who: "editor", kind: "user" });
  });
});
