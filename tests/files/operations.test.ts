import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as cancelRoute from "@/app/api/v1/files/operations/[id]/cancel/route";
import * as downloadRoute from "@/app/api/v1/files/operations/[id]/download/route";
import * as operationRoute from "@/app/api/v1/files/operations/[id]/route";
import * as operationsRoute from "@/app/api/v1/files/operations/route";
import { db } from "@/lib/db/client";
import { runNextOperation } from "@/lib/files/operation-runner";
import { operationViewSchema } from "@/lib/files/operation-schemas";
import { cancelOperation, getOperation, operationDownload, startOperation } from "@/lib/files/operations";
import { serviceToken, userToken } from "../support/keycloak";
import { admin, auditOutcomes, caller, editor, listKeys as keys, putText, scratchBucket, viewer } from "./support";

const none = { params: Promise.resolve({}) };

/** Folder operations run by the job's runner, in process, on the real store; each test runs only its own operation (by id). */

let source: Awaited<ReturnType<typeof scratchBucket>>;
let target: Awaited<ReturnType<typeof scratchBucket>>;

beforeAll(async () => {
  [source, target] = await Promise.all([scratchBucket("ops-src"), scratchBucket("ops-dst")]);
});

afterAll(async () => {
  await Promise.all([source.drop(), target.drop()]);
});

async function seed(prefix: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}${i % 3 === 0 ? "deep/er/" : ""}file ${String(i).padStart(3, "0")} ü#?.txt`);
  await Promise.all(names.map((k) => putText(source.name, k, `content of ${k}`)));
  return names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

describe("copy, move and delete of a folder as a job", () => {
  test("copies across buckets with progress counts, then moves, then deletes; every start and end is audited", async () => {
    const names = await seed("tree/", 25);
    const copy = await startOperation(editor, { kind: "copy", sourceBucket: source.name, destinationBucket: target.name, items: [{ source: "tree/", destination: "copied/tree/" }] });
    expect(copy).toMatchObject({ status: "queued", total: null, done: 0 });
    const copied = await runNextOperation({ batchSize: 10 }, copy.id);
    expect(copied).toMatchObject({ status: "succeeded", counts: { copied: 25, verified: 0, deleted: 0, failed: 0 } });
    expect(await getOperation(editor, copy.id)).toMatchObject({ status: "succeeded", total: 25, done: 25, failed: 0 });
    expect(await keys(target.name, "copied/tree/")).toEqual(names.map((k) => k.replace("tree/", "copied/tree/")));

    const move = await startOperation(editor, { kind: "move", sourceBucket: source.name, items: [{ source: "tree/", destination: "moved/" }] });
    expect(await runNextOperation({ batchSize: 7 }, move.id)).toMatchObject({ status: "succeeded", counts: { copied: 25, deleted: 25 } });
    expect(await keys(source.name, "tree/")).toEqual([]);
    expect(await keys(source.name, "moved/")).toHaveLength(25);

    const removal = await startOperation(editor, { kind: "delete", sourceBucket: source.name, items: [{ source: "moved/" }] });
    expect(await runNextOperation({ batchSize: 10 }, removal.id)).toMatchObject({ status: "succeeded", counts: { deleted: 25 } });
    expect(await keys(source.name, "moved/")).toEqual([]);
    expect(await auditOutcomes("files.operation.move", editor.actor.id)).toContain("success");
    expect(await auditOutcomes("files.operation.delete.finish", editor.actor.id)).toContain("success");
  });

  test("refuses impossible operations before queueing, and checks roles (a viewer may zip, not move)", async () => {
    const base = { sourceBucket: source.name };
    await expect(startOperation(editor, { ...base, kind: "move", items: [{ source: "a/", destination: "a/b/" }] })).rejects.toMatchObject({ status: 400 });
    await expect(startOperation(editor, { ...base, kind: "copy", items: [{ source: "a/" }] })).rejects.toMatchObject({ status: 400 });
    await expect(startOperation(editor, { ...base, kind: "delete", items: [{ source: "a/", destination: "b/" }] })).rejects.toMatchObject({ status: 400 });
    await expect(startOperation(editor, { ...base, kind: "copy", items: [{ source: "a/", destination: "a//b/" }] })).rejects.toMatchObject({ status: 400 });
    await expect(startOperation(editor, { kind: "delete", sourceBucket: "missing-bucket-for-ops", items: [{ source: "a/" }] })).rejects.toMatchObject({ status: 404 });
    await expect(startOperation(viewer, { ...base, kind: "delete", items: [{ source: "a/" }] })).rejects.toMatchObject({ status: 403 });
    expect(await auditOutcomes("files.operation.delete", viewer.actor.id)).toContain("denied");
    const zip = await startOperation(viewer, { ...base, kind: "zip", items: [{ source: "a/" }] });
    // Another person's operation is not found; an admin sees it.
    await expect(getOperation(caller("editor", "someone-else"), zip.id)).rejects.toMatchObject({ status: 404 });
    expect((await getOperation(admin, zip.id)).id).toBe(zip.id);
    await cancelOperation(viewer, zip.id);
  });

  test("cancel: a queued operation stops at once; a running one after the batch in flight", async () => {
    await seed("cancel/", 30);
    const queued = await startOperation(editor, { kind: "delete", sourceBucket: source.name, items: [{ source: "cancel/" }] });
    expect((await cancelOperation(editor, queued.id)).status).toBe("cancelled");
    expect(await runNextOperation({}, queued.id)).toBeNull();
    expect(await keys(source.name, "cancel/")).toHaveLength(30);
    await expect(cancelOperation(editor, queued.id)).rejects.toMatchObject({ status: 409 });

    const running = await startOperation(editor, { kind: "copy", sourceBucket: source.name, destinationBucket: target.name, items: [{ source: "cancel/", destination: "cancelled/" }] });
    let asked = false;
    const outcome = await runNextOperation(
      {
        batchSize: 10,
        onProgress: async (op) => {
          if (op.done >= 10 && !asked) {
            asked = true;
            await cancelOperation(editor, running.id);
          }
        },
      },
      running.id,
    );
    expect(outcome).toMatchObject({ status: "cancelled", counts: { copied: 10 } });
    expect(await getOperation(editor, running.id)).toMatchObject({ status: "cancelled", done: 10, total: 30 });
    expect(await keys(target.name, "cancelled/")).toHaveLength(10);
  });

  test("per-object failures are listed and the rest carries on", async () => {
    await putText(source.name, "fail/ok.txt", "ok");
    // 814 bytes here; under a 310-byte destination folder it would be 1,119, over S3's 1,024.
    await putText(source.name, `fail/${`${"n".repeat(200)}/`.repeat(4)}x.txt`, "too long once copied");
    const op = await startOperation(editor, { kind: "copy", sourceBucket: source.name, items: [{ source: "fail/", destination: `${"d".repeat(200)}/${"e".repeat(100)}/` }] });
    expect(await runNextOperation({}, op.id)).toMatchObject({ status: "succeeded", counts: { copied: 1, failed: 1 } });
    const view = await getOperation(editor, op.id);
    expect(view).toMatchObject({ done: 1, failed: 1 });
    expect(view.failures[0]!.message).toContain("S3 allows at most 1024");
  });
});

describe("zip of a folder or a selection", () => {
  test("builds the archive in the temporary bucket and hands it out as a presigned download", async () => {
    await putText(source.name, "zipme/a.txt", "alpha");
    await putText(source.name, "zipme/sub/b ü.txt", "beta");
    await putText(source.name, "zipme/empty/", "");
    await putText(source.name, "other.txt", "other");
    const folder = await startOperation(viewer, { kind: "zip", sourceBucket: source.name, items: [{ source: "zipme/" }] });
    await expect(operationDownload(viewer, folder.id)).rejects.toMatchObject({ status: 409 });
    expect(await runNextOperation({}, folder.id)).toMatchObject({ status: "succeeded", counts: { zipped: 2 } });
    const selection = await startOperation(viewer, { kind: "zip", sourceBucket: source.name, name: "picked", items: [{ source: "zipme/a.txt" }, { source: "other.txt" }] });
    expect(await runNextOperation({}, selection.id)).toMatchObject({ status: "succeeded", counts: { zipped: 2 } });

    const dir = mkdtempSync(path.join(os.tmpdir(), "strata-zip-"));
    try {
      for (const [op, expected] of [
        [folder.id, ["zipme/a.txt", "zipme/empty/", "zipme/sub/b ü.txt"]],
        [selection.id, ["a.txt", "other.txt"]],
      ] as const) {
        const { url } = await operationDownload(viewer, op);
        const response = await fetch(url);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-disposition")).toContain(op === folder.id ? "zipme.zip" : "picked.zip");
        const file = path.join(dir, `${op}.zip`);
        writeFileSync(file, Buffer.from(await response.arrayBuffer()));
        const listing = execFileSync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(sorted(z.namelist())))", file], { encoding: "utf8" });
        expect(listing.trim().split("\n")).toEqual(expected);
        const text = execFileSync("python3", ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", file, expected.find((n) => n.endsWith("a.txt"))!], { encoding: "utf8" });
        expect(text.trim()).toBe("alpha");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("/api/v1/files/operations", () => {
  test("start, read, list, cancel and download through the route handlers with real tokens", async () => {
    const [service, viewerToken] = await Promise.all([serviceToken(), userToken("viewer")]);
    const request = (method: string, url: string, token: string, body?: unknown) =>
      new NextRequest(`http://localhost:3000/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    await putText(source.name, "api-zip/x.txt", "x");
    const started = await operationsRoute.POST(request("POST", "/files/operations", service, { kind: "zip", sourceBucket: source.name, items: [{ source: "api-zip/" }] }), none);
    expect(started.status).toBe(202);
    const op = operationViewSchema.parse(await started.json());
    const params = { params: Promise.resolve({ id: op.id }) };
    expect((await downloadRoute.GET(request("GET", `/files/operations/${op.id}/download`, service), params)).status).toBe(409);
    await runNextOperation({}, op.id);
    const read = operationViewSchema.parse(await (await operationRoute.GET(request("GET", `/files/operations/${op.id}`, service), params)).json());
    expect(read).toMatchObject({ status: "succeeded", downloadReady: true, done: 1 });
    const link = (await (await downloadRoute.GET(request("GET", `/files/operations/${op.id}/download`, service), params)).json()) as { url: string };
    expect((await fetch(link.url)).status).toBe(200);
    const listed = (await (await operationsRoute.GET(request("GET", "/files/operations?limit=5", service), none)).json()) as { items: { id: string }[] };
    expect(listed.items.map((i) => i.id)).toContain(op.id);
    expect((await operationRoute.GET(request("GET", `/files/operations/${op.id}`, viewerToken), params)).status).toBe(404);
    expect((await operationsRoute.GET(request("GET", "/files/operations?scope=all", service), none)).status).toBe(403);
    expect((await cancelRoute.POST(request("POST", `/files/operations/${op.id}/cancel`, service), params)).status).toBe(409);
    const invalid = await operationsRoute.POST(request("POST", "/files/operations", service, { kind: "explode", sourceBucket: source.name, items: [] }), none);
    expect(invalid.status).toBe(400);
    await db().fileOperation.deleteMany({ where: { id: op.id } });
  });
});
