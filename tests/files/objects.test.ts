import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyObject } from "@/lib/files/copy-object";
import { deleteObjects } from "@/lib/files/delete-objects";
import { createFolder } from "@/lib/files/folders";
import { listObjectsPage } from "@/lib/files/list-objects";
import { MiB } from "@/lib/files/part-plan";
import { transferObjects } from "@/lib/files/transfer-objects";
import { s3 } from "@/lib/s3/client";
import { AWKWARD_KEYS, auditOutcomes, editor, putText, scratchBucket, viewer } from "./support";

let source: Awaited<ReturnType<typeof scratchBucket>>;
let target: Awaited<ReturnType<typeof scratchBucket>>;

beforeAll(async () => {
  [source, target] = await Promise.all([scratchBucket("objects-src"), scratchBucket("objects-dst")]);
});

afterAll(async () => {
  await Promise.all([source.drop(), target.drop()]);
});

async function read(bucket: string, key: string): Promise<Buffer> {
  const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function keys(bucket: string, prefix: string): Promise<string[]> {
  const page = await listObjectsPage({ bucket, prefix });
  return [...page.folders, ...page.objects.map((o) => o.key)];
}

describe("folders", () => {
  it("creates an empty folder as a marker object, and refuses bad names", async () => {
    await expect(createFolder(editor, source.name, "", "new folder")).resolves.toEqual({ prefix: "new folder/" });
    expect(await keys(source.name, "")).toContain("new folder/");
    await expect(createFolder(editor, source.name, "", "a/b")).rejects.toMatchObject({ status: 400 });
    await expect(createFolder(editor, source.name, "", "..")).rejects.toMatchObject({ status: 400 });
    await expect(createFolder(viewer, source.name, "", "x")).rejects.toMatchObject({ status: 403 });
  });
});

describe("copy and move", () => {
  it("copies awkward keys server-side, across buckets, byte for byte", async () => {
    for (const key of AWKWARD_KEYS) await putText(source.name, `awk/${key}`, `body of ${key}`);
    const result = await transferObjects(editor, {
      mode: "copy",
      sourceBucket: source.name,
      destinationBucket: target.name,
      items: [{ source: "awk/", destination: "copied/" }],
    });
    expect(result).toEqual({ transferred: AWKWARD_KEYS.length, failed: [] });
    for (const key of AWKWARD_KEYS) expect((await read(target.name, `copied/${key}`)).toString()).toBe(`body of ${key}`);
    expect(await auditOutcomes("files.object.copy", editor.actor.id)).toContain("success");
  });

  it("renames a file (move within a bucket): the new key has the bytes, the old one is gone", async () => {
    await putText(source.name, "rename/old name.txt", "same bytes", "text/csv");
    const result = await transferObjects(editor, {
      mode: "move",
      sourceBucket: source.name,
      destinationBucket: source.name,
      items: [{ source: "rename/old name.txt", destination: "rename/new + name?.txt" }],
    });
    expect(result).toEqual({ transferred: 1, failed: [] });
    expect(await keys(source.name, "rename/")).toEqual(["rename/new + name?.txt"]);
    const head = await s3().send(new HeadObjectCommand({ Bucket: source.name, Key: "rename/new + name?.txt" }));
    expect(head.ContentType).toBe("text/csv");
  });

  it("moves a folder with everything under it", async () => {
    await putText(source.name, "tree/a.txt", "a");
    await putText(source.name, "tree/sub/b.txt", "b");
    const result = await transferObjects(editor, {
      mode: "move",
      sourceBucket: source.name,
      destinationBucket: source.name,
      items: [{ source: "tree/", destination: "moved/tree/" }],
    });
    expect(result.transferred).toBe(2);
    expect(await keys(source.name, "tree/")).toEqual([]);
    // The moved folder is gone from its parent at once (SeaweedFS lists an emptied directory for minutes).
    expect(await keys(source.name, "")).not.toContain("tree/");
    await expect(s3().send(new HeadObjectCommand({ Bucket: source.name, Key: "tree/sub/" }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(await keys(source.name, "moved/tree/")).toEqual(["moved/tree/sub/", "moved/tree/a.txt"]);
  });

  it("refuses impossible transfers before copying anything", async () => {
    await putText(source.name, "self/x.txt", "x");
    const base = { mode: "copy" as const, sourceBucket: source.name, destinationBucket: source.name };
    await expect(transferObjects(editor, { ...base, items: [{ source: "self/x.txt", destination: "self/x.txt" }] })).rejects.toMatchObject({ status: 400 });
    await expect(transferObjects(editor, { ...base, items: [{ source: "self/", destination: "self/inner/" }] })).rejects.toMatchObject({ status: 400 });
    await expect(transferObjects(editor, { ...base, items: [{ source: "self/", destination: "file.txt" }] })).rejects.toMatchObject({ status: 400 });
    await expect(transferObjects(editor, { ...base, items: [{ source: "self/x.txt", destination: "a//b.txt" }] })).rejects.toMatchObject({ status: 400 });
    await expect(transferObjects(viewer, { ...base, items: [{ source: "self/x.txt", destination: "y.txt" }] })).rejects.toMatchObject({ status: 403 });
  });

  it("reports a source that does not exist as a per-item failure", async () => {
    const result = await transferObjects(editor, {
      mode: "move",
      sourceBucket: source.name,
      destinationBucket: target.name,
      items: [{ source: "missing.txt", destination: "m.txt" }],
    });
    expect(result.transferred).toBe(0);
    expect(result.failed).toEqual([{ source: "missing.txt", destination: "m.txt", message: "missing.txt: not found." }]);
  });

  it("copies part by part (UploadPartCopy) beyond the single-copy limit, here forced down to 6 MiB", async () => {
    const data = randomBytes(12 * MiB + 17);
    await putText(source.name, "large/model ü.bin", data, "application/x-safetensors");
    const outcome = await copyObject(
      { bucket: source.name, key: "large/model ü.bin" },
      { bucket: target.name, key: "large/copy of model ü.bin" },
      { multipartAbove: 6 * MiB, partSize: 5 * MiB },
    );
    expect(outcome).toMatchObject({ multipart: true });
    expect((await read(target.name, "large/copy of model ü.bin")).equals(data)).toBe(true);
    const head = await s3().send(new HeadObjectCommand({ Bucket: target.name, Key: "large/copy of model ü.bin" }));
    expect(head.ContentType).toBe("application/x-safetensors");
    expect(head.ETag).toMatch(/-3"$/);
  });

  it("the same multipart copy serves a move through transferObjects", async () => {
    const data = randomBytes(11 * MiB);
    await putText(source.name, "large/to-move.bin", data, "application/octet-stream");
    const result = await transferObjects(
      editor,
      { mode: "move", sourceBucket: source.name, destinationBucket: target.name, items: [{ source: "large/to-move.bin", destination: "large/moved.bin" }] },
      { multipartAbove: 6 * MiB, partSize: 5 * MiB },
    );
    expect(result).toEqual({ transferred: 1, failed: [] });
    expect((await read(target.name, "large/moved.bin")).equals(data)).toBe(true);
    expect(await keys(source.name, "large/")).toEqual(["large/model ü.bin"]);
  });
});

describe("delete", () => {
  it("deletes chosen files and whole folders in batches, and counts them", async () => {
    for (let i = 0; i < 30; i += 1) await putText(source.name, `bulk/f/${i}.txt`, "x");
    await putText(source.name, "bulk/one.txt", "1");
    await putText(source.name, "bulk/two.txt", "2");
    const result = await deleteObjects(editor, source.name, { keys: ["bulk/one.txt"], prefixes: ["bulk/f/"] });
    expect(result).toEqual({ deleted: 31, failed: [] });
    // "bulk/f/" is not listed any more, right after the delete.
    expect(await keys(source.name, "bulk/")).toEqual(["bulk/two.txt"]);
    const audit = await auditOutcomes("files.object.delete", editor.actor.id);
    expect(audit).toContain("success");
  });

  it("refuses a viewer on the server", async () => {
    await expect(deleteObjects(viewer, source.name, { keys: ["bulk/two.txt"] })).rejects.toMatchObject({ status: 403 });
    expect(await keys(source.name, "bulk/")).toEqual(["bulk/two.txt"]);
    expect(await auditOutcomes("files.object.delete", viewer.actor.id)).toContain("denied");
  });

  it("asks for something to delete", async () => {
    await expect(deleteObjects(editor, source.name, {})).rejects.toMatchObject({ name: "ZodError" });
  });
});
