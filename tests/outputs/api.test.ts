import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as downloadRoute from "@/app/api/v1/outputs/[id]/download/route";
import * as outputRoute from "@/app/api/v1/outputs/[id]/route";
import * as outputsRoute from "@/app/api/v1/outputs/route";
import { principalFromClaims, verifyAccessToken } from "@/lib/auth/access-token";
import { db } from "@/lib/db/client";
import { ensureDefaultBuckets } from "@/lib/files/buckets";
import { createOutputResponseSchema, deleteResponseSchema, outputPageSchema, outputSchema } from "@/lib/outputs/schemas";
import { serviceToken, userToken } from "../support/keycloak";
import { upload } from "./support";
import { apiRequest as call } from "../support/api-request";

const run = randomUUID().slice(0, 8);
const owner = `t${run}-api`;
let service = "";
let viewer = "";
let viewerId = "";

const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
const create = (token: string, body: unknown) => outputsRoute.POST(call("POST", "/outputs", token, body), { params: Promise.resolve({}) });
async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

beforeAll(async () => {
  await ensureDefaultBuckets();
  [service, viewer] = await Promise.all([serviceToken(), userToken("viewer")]);
  viewerId = principalFromClaims(await verifyAccessToken(viewer)).id;
});

afterAll(async () => {
  await db().$executeRaw`DELETE FROM generated_outputs WHERE user_id = ${owner} OR (user_id = ${viewerId} AND filename LIKE ${`t${run}-%`})`;
});

describe("/api/v1/outputs with real tokens, buckets and database", () => {
  test("a service registers, uploads, downloads (counted, not for HEAD), lists and deletes a user's outputs", async () => {
    const bytes = randomBytes(2048);
    const created = await create(service, { userId: owner, type: "image", filename: "robot.png", contentType: "image/png", size: bytes.length });
    expect(created.status).toBe(201);
    const body = createOutputResponseSchema.parse(await created.json());
    expect(body.output.key).toMatch(new RegExp(`^${owner}/\\d{4}/\\d{2}/\\d{2}/${body.id}\\.png$`));
    expect(body.output.tier).toBe("pending");
    expect((await downloadRoute.GET(call("GET", `/outputs/${body.id}/download`, service), idParams(body.id))).status).toBe(409);

    await upload(body.upload.url, body.upload.headers, bytes);
    const head = await downloadRoute.HEAD(call("HEAD", `/outputs/${body.id}/download`, service), idParams(body.id));
    expect(head.status).toBe(200);
    const unfurl = await downloadRoute.GET(call("GET", `/outputs/${body.id}/download`, service, undefined, { "user-agent": "Slackbot-LinkExpanding 1.0" }), idParams(body.id));
    expect(unfurl.status).toBe(302);
    const download = await downloadRoute.GET(call("GET", `/outputs/${body.id}/download`, service), idParams(body.id));
    expect(download.status).toBe(302);
    expect(download.headers.get("x-output-tier")).toBe("hot");
    const fetched = await fetch(download.headers.get("location")!);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
    expect(fetched.headers.get("content-disposition")).toContain('attachment; filename="robot.png"');

    const read = outputSchema.parse(await (await outputRoute.GET(call("GET", `/outputs/${body.id}`, service), idParams(body.id))).json());
    expect(read).toMatchObject({ tier: "hot", accessCount: 1 });
    const page = outputPageSchema.parse(await (await outputsRoute.GET(call("GET", `/outputs?userId=${owner}&type=image`, service), { params: Promise.resolve({}) })).json());
    expect(page.outputs.map((o) => o.id)).toEqual([body.id]);

    const wiped = await outputsRoute.DELETE(call("DELETE", `/outputs?userId=${owner}`, service), { params: Promise.resolve({}) });
    expect(deleteResponseSchema.parse(await wiped.json())).toEqual({ deleted: 1 });
    expect((await outputRoute.GET(call("GET", `/outputs/${body.id}`, service), idParams(body.id))).status).toBe(404);
  });

  test("a person's token reaches its own outputs only", async () => {
    const mine = await create(viewer, { userId: viewerId, type: "audio", filename: `t${run}-hum.wav`, contentType: "audio/wav", size: 10 });
    expect(mine.status).toBe(201);
    const theirs = await create(service, { userId: owner, type: "audio", filename: "hum.wav", contentType: "audio/wav", size: 10 });
    const theirId = createOutputResponseSchema.parse(await theirs.json()).id;
    expect((await create(viewer, { userId: owner, type: "audio", filename: "x.wav", contentType: "audio/wav", size: 10 })).status).toBe(403);
    expect((await outputRoute.GET(call("GET", `/outputs/${theirId}`, viewer), idParams(theirId))).status).toBe(403);
    expect((await downloadRoute.GET(call("GET", `/outputs/${theirId}/download`, viewer), idParams(theirId))).status).toBe(403);
    expect((await outputRoute.DELETE(call("DELETE", `/outputs/${theirId}`, viewer), idParams(theirId))).status).toBe(403);
    expect((await outputsRoute.GET(call("GET", `/outputs?userId=${owner}`, viewer), { params: Promise.resolve({}) })).status).toBe(403);
  });

  test("bad input answers 4xx with the reason, never 500", async () => {
    const base = { userId: owner, type: "image", filename: "a.png", contentType: "image/png", size: 10 };
    const cases: [unknown, number, string][] = [
      ["{not json", 400, "bad_request"],
      [{ ...base, extra: 1 }, 400, "invalid_request"],
      [{ ...base, filename: "a/b.png" }, 400, "invalid_request"],
      [{ ...base, userId: "../etc" }, 400, "invalid_request"],
      [{ ...base, size: -1 }, 400, "invalid_request"],
      [{ ...base, type: "video" }, 400, "invalid_request"],
      [{ ...base, contentType: "image/svg+xml" }, 415, "unsupported_type"],
      [{ ...base, size: 10 * 1024 ** 4 }, 413, "payload_too_large"],
    ];
    for (const [body, status, code] of cases) {
      const response = await create(service, body);
      expect([response.status, (await errorOf(response)).code]).toEqual([status, code]);
    }
    expect((await outputRoute.GET(call("GET", "/outputs/not-a-uuid", service), idParams("not-a-uuid"))).status).toBe(400);
    const missing = randomUUID();
    expect((await outputRoute.GET(call("GET", `/outputs/${missing}`, service), idParams(missing))).status).toBe(404);
    expect((await outputsRoute.GET(call("GET", "/outputs", service), { params: Promise.resolve({}) })).status).toBe(400);
    expect((await outputsRoute.POST(call("POST", "/outputs", null, base), { params: Promise.resolve({}) })).status).toBe(401);
  });
});
