import { GetObjectCommand, PutBucketVersioningCommand, PutObjectTaggingCommand } from "@aws-sdk/client-s3";
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as deleteRoute from "@/app/api/v1/files/buckets/[bucket]/delete/route";
import * as downloadRoute from "@/app/api/v1/files/buckets/[bucket]/download/route";
import * as objectRoute from "@/app/api/v1/files/buckets/[bucket]/object/route";
import * as objectsRoute from "@/app/api/v1/files/buckets/[bucket]/objects/route";
import * as restoreRoute from "@/app/api/v1/files/buckets/[bucket]/versions/restore/route";
import * as versionsRoute from "@/app/api/v1/files/buckets/[bucket]/versions/route";
import * as copyRoute from "@/app/api/v1/files/copy/route";
import * as moveRoute from "@/app/api/v1/files/move/route";
import * as uploadRoute from "@/app/api/v1/files/uploads/[id]/route";
import * as completeRoute from "@/app/api/v1/files/uploads/[id]/complete/route";
import * as partsRoute from "@/app/api/v1/files/uploads/[id]/parts/route";
import * as uploadsRoute from "@/app/api/v1/files/uploads/route";
import { principalFromClaims, verifyAccessToken } from "@/lib/auth/access-token";
import { db } from "@/lib/db/client";
import { listingSchema, objectDetailsSchema, startedUploadSchema, uploadViewSchema } from "@/lib/files/api-schemas";
import { s3 } from "@/lib/s3/client";
import { serviceToken, userToken } from "../support/keycloak";
import { putText, scratchBucket } from "./support";
import { apiRequest as call } from "../support/api-request";

/**
 * /api/v1/files through its route handlers, with real Keycloak tokens (the strata-service client has the
 * editor role; dev users viewer and admin), against the real store and PostgreSQL.
 */

let bucket: Awaited<ReturnType<typeof scratchBucket>>;
let service = "";
let viewer = "";
let admin = "";
let serviceId = "";
let viewerId = "";

const inBucket = (name = bucket.name) => ({ params: Promise.resolve({ bucket: name }) });
const none = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });
const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const body = (await response.json()) as T;
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body;
}

async function stored(key: string): Promise<Buffer> {
  const out = await s3().send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function audit(action: string, actorId: string) {
  return db().auditEvent.findMany({ where: { action, actorId }, orderBy: { id: "asc" } });
}

beforeAll(async () => {
  bucket = await scratchBucket("api");
  [service, viewer, admin] = await Promise.all([serviceToken(), userToken("viewer"), userToken("admin")]);
  serviceId = principalFromClaims(await verifyAccessToken(service)).id;
  viewerId = principalFromClaims(await verifyAccessToken(viewer)).id;
});

afterAll(async () => {
  await bucket.drop();
});

describe("list and head", () => {
  test("lists one level with folders, or every key flat, and pages with the token", async () => {
    for (const key of ["logs/api/2026-12-01/00/a.log", "logs/api/2026-12-01/01/b.log", "logs/web/c.log", "logs/top.log"]) await putText(bucket.name, key, key);
    const level = listingSchema.parse(await json(await objectsRoute.GET(call("GET", `/files/buckets/b/objects${q({ prefix: "logs/" })}`, viewer), inBucket()), 200));
    expect(level.folders).toEqual(["logs/api/", "logs/web/"]);
    expect(level.objects.map((o) => o.key)).toEqual(["logs/top.log"]);
    expect(level.nextPageToken).toBeNull();

    const seen: string[] = [];
    let token: string | null = null;
    do {
      const params: Record<string, string> = { prefix: "logs/", delimiter: "", limit: "3", ...(token ? { pageToken: token } : {}) };
      const page = listingSchema.parse(await json(await objectsRoute.GET(call("GET", `/files/buckets/b/objects${q(params)}`, service), inBucket()), 200));
      seen.push(...page.objects.map((o) => o.key));
      token = page.nextPageToken;
    } while (token);
    expect(seen).toEqual(["logs/api/2026-12-01/00/a.log", "logs/api/2026-12-01/01/b.log", "logs/top.log", "logs/web/c.log"]);
  });

  test("answers 401 without a token, 400 for bad parameters and 404 for a missing bucket", async () => {
    expect((await objectsRoute.GET(call("GET", "/files/buckets/b/objects", null), inBucket())).status).toBe(401);
    const bad = await json<{ error: { code: string; details: { path: string }[] } }>(
      await objectsRoute.GET(call("GET", `/files/buckets/b/objects${q({ limit: "5000" })}`, viewer), inBucket()),
      400,
    );
    expect(bad.error.details[0]!.path).toBe("limit");
    expect((await objectsRoute.GET(call("GET", `/files/buckets/b/objects${q({ delimiter: "|" })}`, viewer), inBucket())).status).toBe(400);
    await json(await objectsRoute.GET(call("GET", "/files/buckets/b/objects", viewer), inBucket(`missing-${randomBytes(4).toString("hex")}`)), 404);
  });

  test("head gives size, type, metadata and tags; a missing key is 404", async () => {
    await putText(bucket.name, "meta/model card.md", "# card", "text/markdown");
    await s3().send(
      new PutObjectTaggingCommand({ Bucket: bucket.name, Key: "meta/model card.md", Tagging: { TagSet: [{ Key: "stage", Value: "prod" }] } }),
    );
    const details = objectDetailsSchema.parse(
      await json(await objectRoute.GET(call("GET", `/files/buckets/b/object${q({ key: "meta/model card.md" })}`, viewer), inBucket()), 200),
    );
    expect(details).toMatchObject({ key: "meta/model card.md", size: 6, contentType: "text/markdown", tags: { stage: "prod" } });
    await json(await objectRoute.GET(call("GET", `/files/buckets/b/object${q({ key: "meta/none" })}`, viewer), inBucket()), 404);
    await json(await objectRoute.GET(call("GET", "/files/buckets/b/object", viewer), inBucket()), 400);
  });
});

describe("presigned upload and download", () => {
  test("a single PUT: start, PUT to the URL, complete; download through a presigned URL", async () => {
    const body = randomBytes(4096);
    const started = startedUploadSchema.parse(
      await json(await uploadsRoute.POST(call("POST", "/files/uploads", service, { bucket: bucket.name, key: "user-data/svc/one.bin", size: body.length }), none), 201),
    );
    if (started.mode !== "single") throw new Error("expected a single PUT");
    expect((await fetch(started.url, { method: "PUT", body, headers: started.headers })).status).toBe(200);
    const done = uploadViewSchema.parse(await json(await completeRoute.POST(call("POST", `/files/uploads/${started.id}/complete`, service, {}), withId(started.id)), 200));
    expect(done).toMatchObject({ status: "completed", size: body.length });

    const link = await json<{ url: string }>(await downloadRoute.GET(call("GET", `/files/buckets/b/download${q({ key: "user-data/svc/one.bin" })}`, viewer), inBucket()), 200);
    const fetched = await fetch(link.url);
    expect(fetched.headers.get("content-disposition")).toContain("one.bin");
    expect(Buffer.from(await fetched.arrayBuffer()).equals(body)).toBe(true);
    await json(await downloadRoute.GET(call("GET", `/files/buckets/b/download${q({ key: "user-data/svc/none.bin" })}`, viewer), inBucket()), 404);
    expect((await audit("files.object.upload", serviceId)).at(-1)?.outcome).toBe("success");
  });

  test("a multipart plan: sign the parts, PUT them, list them, complete with the ETags", async () => {
    const size = 64 * 1024 * 1024 + 1234;
    const data = randomBytes(size);
    const plan = startedUploadSchema.parse(
      await json(await uploadsRoute.POST(call("POST", "/files/uploads", service, { bucket: bucket.name, key: "big/plan.bin", size, contentType: "application/octet-stream" }), none), 201),
    );
    if (plan.mode !== "multipart") throw new Error("expected a multipart plan");
    const numbers = Array.from({ length: plan.partCount }, (_, i) => i + 1);
    const { urls } = await json<{ urls: Record<string, string> }>(
      await partsRoute.POST(call("POST", `/files/uploads/${plan.id}/parts`, service, { partNumbers: numbers }), withId(plan.id)),
      200,
    );
    const parts = [];
    for (const n of numbers) {
      const put = await fetch(urls[n]!, { method: "PUT", body: data.subarray((n - 1) * plan.partSize, Math.min(n * plan.partSize, size)) });
      expect(put.status).toBe(200);
      parts.push({ partNumber: n, etag: put.headers.get("etag")! });
    }
    const listed = await json<{ parts: { partNumber: number }[] }>(await partsRoute.GET(call("GET", `/files/uploads/${plan.id}/parts`, service), withId(plan.id)), 200);
    expect(listed.parts.map((p) => p.partNumber)).toEqual(numbers);
    const done = await json(await completeRoute.POST(call("POST", `/files/uploads/${plan.id}/complete`, service, { parts }), withId(plan.id)), 200);
    expect(done).toMatchObject({ status: "completed", mode: "multipart", size });
    expect(createHash("sha256").update(await stored("big/plan.bin")).digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));
  });

  test("the browser path's checks: key rules, size limit, roles; abort frees the upload", async () => {
    const start = (token: string, body: unknown) => uploadsRoute.POST(call("POST", "/files/uploads", token, body), none);
    await json(await start(service, { bucket: bucket.name, key: "a//b.txt", size: 1 }), 400);
    await json(await start(service, { bucket: bucket.name, key: "x".repeat(1025), size: 1 }), 400);
    await json(await start(service, { bucket: bucket.name, key: "huge.bin", size: 6 * 1024 ** 4 }), 413);
    await json(await start(service, { bucket: `missing-${randomBytes(4).toString("hex")}`, key: "a.txt", size: 1 }), 404);
    await json(await start(service, { bucket: bucket.name, key: "a.txt", size: 1, extra: true }), 400);
    await json(await start(viewer, { bucket: bucket.name, key: "a.txt", size: 1 }), 403);
    expect((await audit("files.upload.start", viewerId)).at(-1)?.outcome).toBe("denied");

    const plan = startedUploadSchema.parse(await json(await start(service, { bucket: bucket.name, key: "big/aborted.bin", size: 70 * 1024 * 1024 }), 201));
    await json(await uploadRoute.DELETE(call("DELETE", `/files/uploads/${plan.id}`, service), withId(plan.id)), 200);
    await json(await partsRoute.POST(call("POST", `/files/uploads/${plan.id}/parts`, service, { partNumbers: [1] }), withId(plan.id)), 409);
    // Another caller's upload id reveals nothing.
    await json(await uploadRoute.DELETE(call("DELETE", `/files/uploads/${plan.id}`, viewer), withId(plan.id)), 404);
    await json(await uploadRoute.DELETE(call("DELETE", "/files/uploads/not-a-uuid", service), withId("not-a-uuid")), 400);
  });
});

describe("copy, move and batch delete", () => {
  test("copy and move files and folders; delete keys and prefixes; viewers are refused", async () => {
    await putText(bucket.name, "src/a.txt", "a");
    await putText(bucket.name, "src/sub/b.txt", "b");
    const copied = await json(
      await copyRoute.POST(call("POST", "/files/copy", service, { sourceBucket: bucket.name, destinationBucket: bucket.name, items: [{ source: "src/", destination: "copy/" }] }), none),
      200,
    );
    expect(copied).toEqual({ transferred: 2, failed: [] });
    const moved = await json(
      await moveRoute.POST(call("POST", "/files/move", service, { sourceBucket: bucket.name, destinationBucket: bucket.name, items: [{ source: "copy/a.txt", destination: "moved/a.txt" }] }), none),
      200,
    );
    expect(moved).toEqual({ transferred: 1, failed: [] });
    expect((await stored("moved/a.txt")).toString()).toBe("a");
    await json(
      await copyRoute.POST(call("POST", "/files/copy", viewer, { sourceBucket: bucket.name, destinationBucket: bucket.name, items: [{ source: "src/a.txt", destination: "v.txt" }] }), none),
      403,
    );
    await json(
      await copyRoute.POST(call("POST", "/files/copy", service, { sourceBucket: bucket.name, destinationBucket: bucket.name, items: [{ source: "src/", destination: "src/in/" }] }), none),
      400,
    );

    await json(await deleteRoute.POST(call("POST", "/files/buckets/b/delete", viewer, { keys: ["moved/a.txt"] }), inBucket()), 403);
    const deleted = await json(await deleteRoute.POST(call("POST", "/files/buckets/b/delete", service, { keys: ["moved/a.txt"], prefixes: ["copy/"] }), inBucket()), 200);
    expect(deleted).toEqual({ deleted: 2, failed: [] });
    await json(await deleteRoute.POST(call("POST", "/files/buckets/b/delete", service, {}), inBucket()), 400);
    expect((await audit("files.object.delete", serviceId)).at(-1)?.outcome).toBe("success");
  });
});

describe("versions", () => {
  test("download a previous version, restore it over the current one (audited); only admins delete a version", async () => {
    await s3().send(new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: "Enabled" } }));
    await putText(bucket.name, "versioned/config.json", '{"v":1}', "application/json");
    await putText(bucket.name, "versioned/config.json", '{"v":2}', "application/json");
    const details = objectDetailsSchema.parse(
      await json(await objectRoute.GET(call("GET", `/files/buckets/b/object${q({ key: "versioned/config.json" })}`, viewer), inBucket()), 200),
    );
    expect(details.versioning).toBe("Enabled");
    expect(details.versions).toHaveLength(2);
    const [current, previous] = details.versions;
    expect(current!.isLatest).toBe(true);

    const link = await json<{ url: string }>(
      await downloadRoute.GET(call("GET", `/files/buckets/b/download${q({ key: "versioned/config.json", versionId: previous!.versionId })}`, viewer), inBucket()),
      200,
    );
    expect(await (await fetch(link.url)).text()).toBe('{"v":1}');

    await json(await restoreRoute.POST(call("POST", "/files/buckets/b/versions/restore", viewer, { key: "versioned/config.json", versionId: previous!.versionId }), inBucket()), 403);
    const restored = await json<{ versionId: string | null }>(
      await restoreRoute.POST(call("POST", "/files/buckets/b/versions/restore", service, { key: "versioned/config.json", versionId: previous!.versionId }), inBucket()),
      200,
    );
    expect((await stored("versioned/config.json")).toString()).toBe('{"v":1}');
    expect(restored.versionId).not.toBe(previous!.versionId);
    const restoreAudit = (await audit("files.object.restore-version", serviceId)).at(-1);
    expect(restoreAudit).toMatchObject({ outcome: "success", target: `s3://${bucket.name}/versioned/config.json` });
    await json(
      await restoreRoute.POST(call("POST", "/files/buckets/b/versions/restore", service, { key: "versioned/config.json", versionId: "no-such-version" }), inBucket()),
      404,
    );

    const remove = (token: string, versionId: string) =>
      versionsRoute.DELETE(call("DELETE", `/files/buckets/b/versions${q({ key: "versioned/config.json", versionId })}`, token), inBucket());
    await json(await remove(service, current!.versionId), 403);
    await json(await remove(admin, current!.versionId), 200);
    const after = objectDetailsSchema.parse(
      await json(await objectRoute.GET(call("GET", `/files/buckets/b/object${q({ key: "versioned/config.json" })}`, viewer), inBucket()), 200),
    );
    expect(after.versions.map((v) => v.versionId)).not.toContain(current!.versionId);
    expect(after.versions).toHaveLength(2);
  });
});
