import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as contextRoute from "@/app/api/v1/contexts/[userId]/[conversationId]/route";
import * as messagesRoute from "@/app/api/v1/contexts/[userId]/[conversationId]/messages/route";
import * as listRoute from "@/app/api/v1/contexts/[userId]/route";
import { principalFromClaims, verifyAccessToken } from "@/lib/auth/access-token";
import { appendResponseSchema, contextPageSchema, contextResponseSchema, contextSchema, deleteResponseSchema, limits } from "@/lib/contexts/schemas";
import { db } from "@/lib/db/client";
import { serviceToken, userToken } from "../support/keycloak";
import { apiRequest as call } from "../support/api-request";

const run = randomUUID().slice(0, 8);
const owner = `t${run}-api`;
let service = "";
let viewer = "";
let viewerId = "";
let admin = "";

const keyParams = (userId: string, conversationId: string) => ({ params: Promise.resolve({ userId, conversationId }) });

async function put(token: string, userId: string, conversationId: string, body: unknown) {
  return contextRoute.PUT(call("PUT", `/contexts/${userId}/${conversationId}`, token, body), keyParams(userId, conversationId));
}
async function get(token: string | null, userId: string, conversationId: string) {
  return contextRoute.GET(call("GET", `/contexts/${userId}/${conversationId}`, token), keyParams(userId, conversationId));
}
async function append(token: string, userId: string, conversationId: string, body: unknown) {
  return messagesRoute.POST(call("POST", `/contexts/${userId}/${conversationId}/messages`, token, body), keyParams(userId, conversationId));
}
async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; details?: { path: string; message: string }[] } }).error;
}

beforeAll(async () => {
  [service, viewer, admin] = await Promise.all([serviceToken(), userToken("viewer"), userToken("admin")]);
  viewerId = principalFromClaims(await verifyAccessToken(viewer)).id;
});

afterAll(async () => {
  for (const userId of [owner, viewerId]) {
    await db().$executeRaw`
      WITH w AS (DELETE FROM user_contexts WHERE user_id = ${userId} AND (user_id = ${owner} OR conversation_id LIKE ${`t${run}-%`}) RETURNING id),
           c AS (DELETE FROM user_contexts_archive WHERE user_id = ${userId} AND (user_id = ${owner} OR conversation_id LIKE ${`t${run}-%`}) RETURNING id)
      DELETE FROM user_context_messages WHERE context_id = ANY(ARRAY(SELECT id FROM w UNION ALL SELECT id FROM c))`;
  }
});

describe("/api/v1/contexts with a service token", () => {
  test("create, replace, read, append, list and delete, each answering in the documented shape", async () => {
    const body = { title: "Support chat", model: "llama3", tags: ["support"], metadata: { channel: "web" }, messages: [{ role: "system", content: "Be brief." }] };
    const created = await put(service, owner, "chat-1", body);
    expect(created.status).toBe(201);
    expect(contextSchema.parse(await created.json())).toMatchObject({ userId: owner, conversationId: "chat-1", messageCount: 1 });

    const replaced = await put(service, owner, "chat-1", { ...body, messages: [...body.messages, { role: "user", content: "Hi" }] });
    expect(replaced.status).toBe(200);

    const read = await get(service, owner, "chat-1");
    expect(read.status).toBe(200);
    expect(read.headers.get("x-context-tier")).toBe("hot");
    const context = contextResponseSchema.parse(await read.json());
    expect(context.messages.map((m) => m.content)).toEqual(["Be brief.", "Hi"]);

    const appended = await append(service, owner, "chat-1", {
      messages: [{ role: "assistant", content: "Hello!", toolCalls: [{ id: "c1", function: { name: "lookup", arguments: "{}" } }], tokens: { completion: 2 } }],
    });
    expect(appended.status).toBe(200);
    const appendResult = appendResponseSchema.parse(await appended.json());
    expect(appendResult.appended[0]).toMatchObject({ seq: 3, toolCalls: [{ id: "c1", type: "function" }] });

    const startedNew = await append(service, owner, "chat-2", { messages: [{ role: "user", content: "first words" }] });
    expect(startedNew.status).toBe(201);

    const list = await listRoute.GET(call("GET", `/contexts/${owner}?limit=1`, service), { params: Promise.resolve({ userId: owner }) });
    expect(list.status).toBe(200);
    const page = contextPageSchema.parse(await list.json());
    expect(page.items.map((i) => i.conversationId)).toEqual(["chat-2"]);
    const next = await listRoute.GET(call("GET", `/contexts/${owner}?limit=1&cursor=${page.nextCursor}`, service), { params: Promise.resolve({ userId: owner }) });
    const secondPage = contextPageSchema.parse(await next.json());
    expect(secondPage.items.map((i) => [i.conversationId, i.messageCount])).toEqual([["chat-1", 3]]);
    expect(secondPage.nextCursor).toBeNull();

    const deleted = await contextRoute.DELETE(call("DELETE", `/contexts/${owner}/chat-1`, service), keyParams(owner, "chat-1"));
    expect(deleteResponseSchema.parse(await deleted.json()).deletedFrom).toEqual(["hot", "warm"]);
    const gone = await get(service, owner, "chat-1");
    expect(gone.status).toBe(404);
    expect((await errorOf(gone)).code).toBe("not_found");

    const audit = await db().auditEvent.findMany({ where: { target: `context:${owner}/chat-1` }, orderBy: { id: "asc" } });
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual([
      "contexts.context.put:success",
      "contexts.context.put:success",
      "contexts.context.append:success",
      "contexts.context.delete:success",
    ]);
  });

  test("invalid input is a 400 naming the field, oversized bodies a 413", async () => {
    const badRole = await put(service, owner, "bad", { messages: [{ role: "robot", content: "x" }] });
    expect(badRole.status).toBe(400);
    expect((await errorOf(badRole)).details?.[0]?.path).toBe("messages.0.role");

    const unknownField = await put(service, owner, "bad", { messages: [], colour: "blue" });
    expect(unknownField.status).toBe(400);

    const badId = await get(service, owner, "has space");
    expect(badId.status).toBe(400);
    expect((await errorOf(badId)).details?.[0]?.path).toBe("conversationId");

    const notJson = await contextRoute.PUT(call("PUT", `/contexts/${owner}/bad`, service, "{nope"), keyParams(owner, "bad"));
    expect(notJson.status).toBe(400);

    const empty = await append(service, owner, "bad", { messages: [] });
    expect(empty.status).toBe(400);

    const tooBig = await append(service, owner, "bad", { messages: [{ role: "user", content: "x".repeat(limits.appendBodyBytes) }] });
    expect(tooBig.status).toBe(413);
    expect((await errorOf(tooBig)).code).toBe("payload_too_large");

    const badCursor = await listRoute.GET(call("GET", `/contexts/${owner}?cursor=nonsense`, service), { params: Promise.resolve({ userId: owner }) });
    expect(badCursor.status).toBe(400);
    const badLimit = await listRoute.GET(call("GET", `/contexts/${owner}?limit=5000`, service), { params: Promise.resolve({ userId: owner }) });
    expect(badLimit.status).toBe(400);

    expect((await get(service, owner, "bad")).status).toBe(404);
  });
});

describe("/api/v1/contexts with people's tokens", () => {
  test("a user may use only their own userId; an admin may read anyone's; no token is a 401", async () => {
    const mine = `t${run}-own`;
    expect((await put(viewer, viewerId, mine, { messages: [{ role: "user", content: "mine" }] })).status).toBe(201);
    expect((await get(viewer, viewerId, mine)).status).toBe(200);

    const others = await put(viewer, owner, "not-mine", { messages: [] });
    expect(others.status).toBe(403);
    expect((await errorOf(others)).message).toMatch(/own userId/);
    expect((await get(viewer, owner, "chat-2")).status).toBe(403);
    // `owner` is this run's own user, so the target names only this request's row.
    const denied = await db().auditEvent.findFirst({ where: { target: `context:${owner}/not-mine` } });
    expect(denied?.outcome).toBe("denied");

    expect((await get(admin, viewerId, mine)).status).toBe(200);
    expect((await get(null, viewerId, mine)).status).toBe(401);
  });
});
