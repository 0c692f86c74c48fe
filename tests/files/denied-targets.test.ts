import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { SESSION_COOKIE, seal } from "@/lib/auth/session-cookie";
import { db } from "@/lib/db/client";
import { principal } from "./support";

/**
 * Issue 13: the audit log's denied rows lacked what was attempted — a refused request was recorded as
 * "http.post /api/files/…/delete". The console's files routes now let a signed-in person through to the
 * function that knows the target, so the refusal names it (an s3:// URI, the job's source) and lists the
 * keys or items in `details.attempted`.
 */

let cookie = "";
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (name === SESSION_COOKIE && cookie ? { name, value: cookie } : undefined) }),
  headers: async () => new Headers(),
}));

const { POST: deletePost } = await import("@/app/api/files/buckets/[bucket]/delete/route");
const { POST: transferPost } = await import("@/app/api/files/transfer/route");
const { POST: operationsPost } = await import("@/app/api/files/operations/route");
const { POST: foldersPost } = await import("@/app/api/files/buckets/[bucket]/folders/route");
const { POST: uploadsPost } = await import("@/app/api/files/uploads/route");
const { PUT: lifecyclePut } = await import("@/app/api/files/buckets/[bucket]/lifecycle/route");

const run = randomUUID().slice(0, 8);
const viewer = principal("viewer", `denied-viewer-${run}`);
const editor = principal("editor", `denied-editor-${run}`);
const bucket = "denied-targets";

async function signInAs(who: typeof viewer) {
  const now = Math.floor(Date.now() / 1000);
  cookie = await seal({ sid: randomUUID(), user: who, refreshAt: now + 300, expiresAt: now + 3600 }, 3600);
}

const post = (path: string, body: unknown, method = "POST") =>
  new NextRequest(`http://localhost:3000${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const withBucket = { params: Promise.resolve({ bucket }) };

async function lastDenied(actorId: string, action: string) {
  const row = await db().auditEvent.findFirst({ where: { actorId, action, outcome: "denied" }, orderBy: { id: "desc" } });
  expect(row, `a denied ${action} row`).not.toBeNull();
  return row!;
}

beforeAll(() => signInAs(viewer));
afterAll(async () => {
  await db().auditEvent.deleteMany({ where: { actorId: { in: [viewer.id, editor.id] } } });
});

describe("route refusals record the attempted target", () => {
  test("a viewer's batch delete: the object (or bucket) and the keys and folders", async () => {
    const keys = ["reports/2026/a.csv", "reports/2026/b.csv"];
    expect((await deletePost(post(`/api/files/buckets/${bucket}/delete`, { keys, prefixes: ["reports/old/"] }), withBucket)).status).toBe(403);
    const many = await lastDenied(viewer.id, "files.object.delete");
    expect(many.target).toBe(`s3://${bucket}/`);
    expect(many.details).toEqual({ attempted: { keys, prefixes: ["reports/old/"], count: 3 } });

    expect((await deletePost(post(`/api/files/buckets/${bucket}/delete`, { keys: ["only/this.txt"] }), withBucket)).status).toBe(403);
    expect((await lastDenied(viewer.id, "files.object.delete")).target).toBe(`s3://${bucket}/only/this.txt`);
    // Nothing was recorded as the bare route any more.
    expect(await db().auditEvent.count({ where: { actorId: viewer.id, action: "http.post" } })).toBe(0);
  });

  test("a viewer's copy/move: the source and every item", async () => {
    const items = [{ source: "models/llama/", destination: "archive/llama/" }];
    const response = await transferPost(post("/api/files/transfer", { mode: "move", sourceBucket: bucket, destinationBucket: "backups", items }), { params: Promise.resolve({}) });
    expect(response.status).toBe(403);
    const row = await lastDenied(viewer.id, "files.object.move");
    expect(row.target).toBe(`s3://${bucket}/models/llama/`);
    expect(row.details).toEqual({ attempted: { destinationBucket: "backups", items, count: 1 } });
  });

  test("a viewer's folder job: the operation's source, kind and items (a zip is allowed, so it is not refused)", async () => {
    const items = [{ source: "logs/2026/" }, { source: "logs/2025/" }];
    const response = await operationsPost(post("/api/files/operations", { kind: "delete", sourceBucket: bucket, items }), { params: Promise.resolve({}) });
    expect(response.status).toBe(403);
    const row = await lastDenied(viewer.id, "files.operation.delete");
    expect(row.target).toBe(`s3://${bucket}/`);
    expect(row.details).toEqual({ attempted: { kind: "delete", items, count: 2 } });
  });

  test("single-target refusals name the key or bucket: new folder, upload, lifecycle", async () => {
    expect((await foldersPost(post(`/api/files/buckets/${bucket}/folders`, { parent: "team/", name: "new" }), withBucket)).status).toBe(403);
    expect((await lastDenied(viewer.id, "files.folder.create")).target).toBe(`s3://${bucket}/team/new/`);
    expect((await uploadsPost(post("/api/files/uploads", { bucket, key: "in/report.pdf", size: 10, contentType: "application/pdf" }), { params: Promise.resolve({}) })).status).toBe(403);
    expect((await lastDenied(viewer.id, "files.upload.start")).target).toBe(`s3://${bucket}/in/report.pdf`);

    await signInAs(editor);
    const rules = [{ id: "logs", prefix: "logs/", expirationDays: 30 }];
    expect((await lifecyclePut(post(`/api/files/buckets/${bucket}/lifecycle`, { rules }, "PUT"), withBucket)).status).toBe(403);
    expect((await lastDenied(editor.id, "files.bucket.lifecycle")).target).toBe(`s3://${bucket}/`);
    await signInAs(viewer);
  });

  test("signed out is still refused at the route (401), before any target is read", async () => {
    cookie = "";
    expect((await deletePost(post(`/api/files/buckets/${bucket}/delete`, { keys: ["a"] }), withBucket)).status).toBe(401);
    await signInAs(viewer);
  });
});
