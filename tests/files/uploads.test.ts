import { GetObjectCommand, ListPartsCommand } from "@aws-sdk/client-s3";
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { nodeTransport } from "@/lib/files/node-transport";
import { MiB, planParts } from "@/lib/files/part-plan";
import { uploadParts } from "@/lib/files/part-uploader";
import { abortStaleUploads } from "@/lib/files/stale-uploads";
import {
  abortUpload,
  completeUpload,
  failUpload,
  listUploadedParts,
  listUploads,
  presignUploadParts,
  startUpload,
  type StartedUpload,
} from "@/lib/files/uploads";
import { s3 } from "@/lib/s3/client";
import { admin, auditOutcomes, caller, editor, scratchBucket, viewer } from "./support";

let bucket: Awaited<ReturnType<typeof scratchBucket>>;
const small = { multipartThreshold: 5 * MiB, partSize: 5 * MiB };

beforeAll(async () => {
  bucket = await scratchBucket("uploads");
});

afterAll(async () => {
  await bucket.drop();
});

function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

async function stored(key: string): Promise<Uint8Array> {
  const out = await s3().send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
  return out.Body!.transformToByteArray();
}

function multipart(started: StartedUpload) {
  if (started.mode !== "multipart") throw new Error(`expected a multipart upload, got ${started.mode}`);
  return started;
}

describe("single presigned PUT", () => {
  it("uploads through the signed URL and records the upload as completed with its ETag", async () => {
    const body = new TextEncoder().encode("hello, strata");
    const started = await startUpload(editor, { bucket: bucket.name, key: "notes/hello world.txt", size: body.length, contentType: "text/plain" });
    if (started.mode !== "single") throw new Error("expected a single PUT");
    const put = await fetch(started.url, { method: "PUT", body, headers: started.headers });
    expect(put.status).toBe(200);
    const view = await completeUpload(editor, started.id);
    expect(view).toMatchObject({ status: "completed", size: body.length, etag: expect.stringMatching(/^"/), user: "Test editor" });
    expect(view.finishedAt).not.toBeNull();
    expect(await auditOutcomes("files.object.upload", editor.actor.id)).toContain("success");
  });

  it("binds the content type and length: a PUT that differs is refused by the store", async () => {
    const body = new TextEncoder().encode("twelve bytes");
    const started = await startUpload(editor, { bucket: bucket.name, key: "notes/bound.txt", size: body.length, contentType: "text/plain" });
    if (started.mode !== "single") throw new Error("expected a single PUT");
    const otherType = await fetch(started.url, { method: "PUT", body, headers: { "content-type": "text/html" } });
    expect(otherType.status).toBe(403);
    const longer = await fetch(started.url, { method: "PUT", body: new TextEncoder().encode("thirteen byte"), headers: started.headers });
    expect(longer.status).toBe(403);
    await expect(completeUpload(editor, started.id)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/has not arrived/) });
  });
});

describe("uploads the browser gives up on", () => {
  it("are recorded as failed with the reason, and a multipart one is aborted in the store", async () => {
    const single = await startUpload(editor, { bucket: bucket.name, key: "gave-up.txt", size: 3 });
    await expect(failUpload(editor, single.id, "network error")).resolves.toMatchObject({ status: "failed", error: "network error" });
    const parts = multipart(await startUpload(editor, { bucket: bucket.name, key: "big/gave-up.bin", size: 11 * MiB }, small));
    await failUpload(editor, parts.id, "the tab was closed");
    await expect(presignUploadParts(editor, parts.id, [1])).rejects.toMatchObject({ status: 409 });
    expect((await auditOutcomes("files.upload.fail", editor.actor.id)).slice(-2)).toEqual(["success", "success"]);
  });
});

describe("presigned multipart", () => {
  it("resumes after a reload: the parts already sent are listed and skipped, then it completes intact", async () => {
    const data = randomBytes(12 * MiB + 3);
    const key = "big/ünïcode + model.bin";
    const started = multipart(await startUpload(editor, { bucket: bucket.name, key, size: data.length }, small));
    expect(started).toMatchObject({ partSize: 5 * MiB, partCount: 3 });
    const plan = planParts(data.length, started.partSize);
    const presign = (parts: number[]) => presignUploadParts(editor, started.id, parts);
    const readPart = (start: number, end: number) => new Uint8Array(data.subarray(start, end));

    // The first page load sends part 2, then the tab is closed.
    const first = await presign([2]);
    const part2 = await fetch(first[2]!, { method: "PUT", body: readPart(5 * MiB, 10 * MiB) });
    expect(part2.status).toBe(200);

    // After the reload: ask the store what it has, send the rest.
    const done = await listUploadedParts(editor, started.id);
    expect(done.map((p) => p.partNumber)).toEqual([2]);
    const sent: number[] = [];
    const parts = await uploadParts({
      plan,
      done,
      readPart,
      presign: async (numbers) => {
        sent.push(...numbers);
        return presign(numbers);
      },
      transport: nodeTransport,
      concurrency: 2,
    });
    expect(sent.sort()).toEqual([1, 3]);
    const view = await completeUpload(editor, started.id, parts);
    expect(view.status).toBe("completed");
    expect(sha256(await stored(key))).toBe(sha256(data));
    // A retried completion (its answer lost on the way) is harmless.
    await expect(completeUpload(editor, started.id, parts)).resolves.toMatchObject({ status: "completed" });
  });

  it("refuses a completion that does not name every part once", async () => {
    const started = multipart(await startUpload(editor, { bucket: bucket.name, key: "big/partial.bin", size: 11 * MiB }, small));
    await expect(completeUpload(editor, started.id, [{ partNumber: 1, etag: '"x"' }])).rejects.toMatchObject({ status: 400 });
    await abortUpload(editor, started.id);
  });

  it("cancel aborts the multipart upload in the store", async () => {
    const started = multipart(await startUpload(editor, { bucket: bucket.name, key: "big/cancelled.bin", size: 11 * MiB }, small));
    const urls = await presignUploadParts(editor, started.id, [1]);
    expect((await fetch(urls[1]!, { method: "PUT", body: new Uint8Array(5 * MiB) })).status).toBe(200);
    const view = await abortUpload(editor, started.id);
    expect(view.status).toBe("aborted");
    const record = await db().fileUpload.findUniqueOrThrow({ where: { id: started.id } });
    await expect(
      s3().send(new ListPartsCommand({ Bucket: bucket.name, Key: "big/cancelled.bin", UploadId: record.s3UploadId! })),
    ).rejects.toMatchObject({ name: "NoSuchUpload" });
    await expect(presignUploadParts(editor, started.id, [2])).rejects.toMatchObject({ status: 409 });
    await expect(listUploadedParts(editor, started.id)).rejects.toMatchObject({ status: 409 });
    expect(await auditOutcomes("files.upload.abort", editor.actor.id)).toContain("success");
  });

  it("signs only part numbers inside the plan, at most 100 at a time", async () => {
    const started = multipart(await startUpload(editor, { bucket: bucket.name, key: "big/bounds.bin", size: 11 * MiB }, small));
    await expect(presignUploadParts(editor, started.id, [4])).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/outside 1..3/) });
    await expect(presignUploadParts(editor, started.id, Array.from({ length: 101 }, () => 1))).rejects.toMatchObject({ status: 400 });
    await abortUpload(editor, started.id);
  });

  it("the stale-upload job aborts multipart uploads past the age and marks their records expired", async () => {
    const started = multipart(await startUpload(editor, { bucket: bucket.name, key: "big/forgotten.bin", size: 11 * MiB }, small));
    // A cutoff far past any clock (this machine's or the store's): every upload in this file's own bucket
    // counts as stale, and no other bucket is looked at.
    const everything = new Date("2999-01-01T00:00:00Z");
    const counts = await abortStaleUploads(everything, [bucket.name]);
    expect(counts.aborted).toBeGreaterThanOrEqual(1);
    expect((await db().fileUpload.findUniqueOrThrow({ where: { id: started.id } })).status).toBe("expired");
    // Running it again finds nothing left to do.
    expect(await abortStaleUploads(everything, [bucket.name])).toMatchObject({ aborted: 0, recordsExpired: 0 });
  });
});

describe("checks before anything is signed", () => {
  it("refuses a viewer on the server, and audits the refusal", async () => {
    await expect(startUpload(viewer, { bucket: bucket.name, key: "v.txt", size: 1 })).rejects.toMatchObject({ status: 403 });
    expect(await auditOutcomes("files.upload.start", viewer.actor.id)).toContain("denied");
  });

  it("refuses bad keys, files over the limit, and missing buckets with clear statuses", async () => {
    await expect(startUpload(editor, { bucket: bucket.name, key: "a//b.txt", size: 1 })).rejects.toMatchObject({ status: 400 });
    await expect(startUpload(editor, { bucket: bucket.name, key: "dir/", size: 1 })).rejects.toMatchObject({ status: 400 });
    await expect(startUpload(editor, { bucket: bucket.name, key: "huge.bin", size: 60 * 1024 ** 3 })).rejects.toMatchObject({
      status: 413,
      message: expect.stringMatching(/limited to 50 GiB/),
    });
    await expect(startUpload(editor, { bucket: bucket.name, key: "t.txt", size: 1, contentType: "nonsense" })).rejects.toMatchObject({ status: 400 });
    await expect(startUpload(editor, { bucket: "test-missing-bucket-zz", key: "t.txt", size: 1 })).rejects.toMatchObject({ status: 404 });
  });

  it("keeps uploads private to their owner; admins see everyone's", async () => {
    const started = await startUpload(editor, { bucket: bucket.name, key: "mine.txt", size: 3 });
    const other = caller("editor", "test-other-editor");
    await expect(completeUpload(other, started.id)).rejects.toMatchObject({ status: 404 });
    await expect(abortUpload(other, started.id)).rejects.toMatchObject({ status: 404 });
    await expect(listUploads(editor, { scope: "all" })).rejects.toMatchObject({ status: 403 });
    expect((await listUploads(admin, { scope: "all", limit: 200 })).some((u) => u.id === started.id)).toBe(true);
    expect((await listUploads(other, {})).some((u) => u.id === started.id)).toBe(false);
    expect((await listUploads(editor, { status: "uploading" })).some((u) => u.id === started.id)).toBe(true);
  });
});
