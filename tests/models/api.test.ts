import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as modelRoute from "@/app/api/v1/models/[id]/route";
import * as pinRoute from "@/app/api/v1/models/[id]/pin/route";
import * as promoteRoute from "@/app/api/v1/models/[id]/promote/route";
import * as demoteRoute from "@/app/api/v1/models/[id]/demote/route";
import * as resolveRoute from "@/app/api/v1/models/[id]/resolve/route";
import * as listRoute from "@/app/api/v1/models/route";
import { db } from "@/lib/db/client";
import { modelsConfig } from "@/lib/models/config";
import { modelDetailSchema, modelListSchema, resolveResponseSchema } from "@/lib/models/schemas";
import { deleteTierPrefix } from "@/lib/models/tier-objects";
import { tierStore } from "@/lib/s3/tiers";
import { serviceToken, userToken } from "../support/keycloak";
import { apiRequest as call } from "../support/api-request";

/** /api/v1/models through its route handlers, with real Keycloak tokens, the configured buckets and a prefix of this run's own. */

const run = randomUUID().slice(0, 8);
const name = `api-${run}`;
const id = `apitest.${name}.v1`;
const prefix = `apitest/${name}/v1/`;
const tokens: Record<"viewer" | "editor" | "admin" | "service", string> = { viewer: "", editor: "", admin: "", service: "" };

const params = (value: string) => ({ params: Promise.resolve({ id: value }) });

beforeAll(async () => {
  [tokens.viewer, tokens.editor, tokens.admin, tokens.service] = await Promise.all([userToken("viewer"), userToken("editor"), userToken("admin"), serviceToken()]);
  const { coldBucket, hotBucket } = modelsConfig();
  for (const [store, bucket] of [[tierStore("cold"), coldBucket], [tierStore("hot"), hotBucket]] as const) {
    await store.client.send(new HeadBucketCommand({ Bucket: bucket })).catch(() => store.client.send(new CreateBucketCommand({ Bucket: bucket })));
  }
  const cold = tierStore("cold");
  await cold.client.send(new PutObjectCommand({ Bucket: coldBucket, Key: `${prefix}config.json`, Body: '{"architectures":["ApiTest"]}' }));
  await cold.client.send(new PutObjectCommand({ Bucket: coldBucket, Key: `${prefix}weights.bin`, Body: new Uint8Array(4096).fill(1) }));
}, 60_000);

afterAll(async () => {
  const { coldBucket, hotBucket } = modelsConfig();
  await db().model.deleteMany({ where: { id } });
  await deleteTierPrefix(tierStore("hot"), hotBucket, prefix);
  await deleteTierPrefix(tierStore("cold"), coldBucket, prefix);
}, 60_000);

describe("/api/v1/models", () => {
  test("input is validated (400), unknown models are 404, and roles are checked before anything is looked up", async () => {
    const bad = await resolveRoute.POST(call("POST", "/models/Not_Valid!/resolve", tokens.viewer), params("Not_Valid!"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_request");
    const unknown = await resolveRoute.POST(call("POST", `/models/nothing-${run}/resolve`, tokens.viewer), params(`nothing-${run}`));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
    const anonymous = await modelRoute.GET(call("GET", `/models/${id}`, null), params(id));
    expect(anonymous.status).toBe(401);
    const viewerPromotes = await promoteRoute.POST(call("POST", `/models/${id}/promote`, tokens.viewer), params(id));
    expect(viewerPromotes.status).toBe(403);
    const twice = await resolveRoute.POST(call("POST", `/models/${id}/resolve?presign=1&presign=0`, tokens.viewer), params(id));
    expect(twice.status).toBe(400);
    const badBody = await modelRoute.PUT(call("PUT", `/models/${id}`, tokens.editor, { type: "apitest", name: "a/b", version: "v1" }), params(id));
    expect(badBody.status).toBe(400);
    expect(JSON.stringify(await badBody.json())).toContain("one key segment");
    const notJson = await modelRoute.PUT(call("PUT", `/models/${id}`, tokens.editor, "{"), params(id));
    expect(notJson.status).toBe(400);
    const nothingThere = await modelRoute.PUT(call("PUT", `/models/x-${run}`, tokens.editor, { type: "apitest", name: `empty-${run}`, version: "v1" }), params(`x-${run}`));
    expect(nothingThere.status).toBe(409);
  });

  test("register, list, resolve from cold (202 + presigned cold URLs), pin by role, delete by admin only", async () => {
    const registration = { type: "apitest", name, version: "v1", files: [{ path: "weights.bin", size: 4096 }] };
    const viewerRegisters = await modelRoute.PUT(call("PUT", `/models/${id}`, tokens.viewer, registration), params(id));
    expect(viewerRegisters.status).toBe(403);
    const wrongSize = await modelRoute.PUT(call("PUT", `/models/${id}`, tokens.editor, { ...registration, files: [{ path: "weights.bin", size: 1 }] }), params(id));
    expect(wrongSize.status).toBe(409);
    const created = await modelRoute.PUT(call("PUT", `/models/${id}`, tokens.editor, registration), params(id));
    expect(created.status).toBe(201);
    const detail = modelDetailSchema.parse(await created.json());
    expect(detail).toMatchObject({ id, state: "cold", fileCount: 2, totalBytes: 4096 + 29, pinned: false });
    expect(detail.files.map((f) => f.path)).toEqual(["config.json", "weights.bin"]);
    expect((await modelRoute.PUT(call("PUT", `/models/${id}`, tokens.editor, registration), params(id))).status).toBe(200);

    const listed = modelListSchema.parse(await (await listRoute.GET(call("GET", "/models?state=cold", tokens.service), {})).json());
    expect(listed.models.some((m) => m.id === id)).toBe(true);
    expect((await listRoute.GET(call("GET", "/models?state=warm", tokens.service), {})).status).toBe(400);

    const resolved = await resolveRoute.POST(call("POST", `/models/${id}/resolve?presign=1`, tokens.service), params(id));
    expect(resolved.status).toBe(202);
    expect(resolved.headers.get("x-model-tier")).toBe("cold");
    const body = resolveResponseSchema.parse(await resolved.json());
    expect(body.location.uri).toBe(`s3://${modelsConfig().coldBucket}/${prefix}`);
    expect(body.operation).toMatchObject({ kind: "promote", reason: "request", status: "queued" });
    const config = await fetch(body.files.find((f) => f.path === "config.json")!.url!);
    expect(await config.text()).toBe('{"architectures":["ApiTest"]}');
    const joined = resolveResponseSchema.parse(await (await resolveRoute.POST(call("POST", `/models/${id}/resolve`, tokens.viewer), params(id))).json());
    expect(joined.operation?.id).toBe(body.operation?.id);
    expect(joined.files[0]!.url).toBeUndefined();

    expect((await pinRoute.PUT(call("PUT", `/models/${id}/pin`, tokens.viewer), params(id))).status).toBe(403);
    const pinned = await pinRoute.PUT(call("PUT", `/models/${id}/pin`, tokens.editor), params(id));
    expect(pinned.status).toBe(200);
    expect((await pinned.json()).pinned).toBe(true);
    expect((await (await pinRoute.DELETE(call("DELETE", `/models/${id}/pin`, tokens.editor), params(id))).json()).pinned).toBe(false);

    expect((await demoteRoute.POST(call("POST", `/models/${id}/demote`, tokens.editor), params(id))).status).toBe(403);
    // Moving: deleting waits for the move (here: the queued promotion nobody runs) to be canceled.
    expect((await modelRoute.DELETE(call("DELETE", `/models/${id}`, tokens.admin), params(id))).status).toBe(409);
    await db().modelMove.updateMany({ where: { modelId: id }, data: { status: "canceled" } });
    await db().model.update({ where: { id }, data: { state: "cold" } });
    expect((await modelRoute.DELETE(call("DELETE", `/models/${id}`, tokens.editor), params(id))).status).toBe(403);
    const deleted = await modelRoute.DELETE(call("DELETE", `/models/${id}`, tokens.admin), params(id));
    expect(deleted.status).toBe(200);
    expect((await modelRoute.GET(call("GET", `/models/${id}`, tokens.viewer), params(id))).status).toBe(404);

    const audit = await db().auditEvent.findMany({ where: { target: `model:${id}` }, orderBy: { id: "asc" } });
    const seen = audit.map((a) => `${a.action}:${a.outcome}`);
    for (const expected of ["models.model.register:denied", "models.model.register:success", "models.model.promote:success", "models.model.pin:success", "models.model.unpin:success", "models.model.demote:denied", "models.model.delete:denied", "models.model.delete:success"]) {
      expect(seen).toContain(expected);
    }
  }, 60_000);
});
