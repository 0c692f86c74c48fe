import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { createBucket, deleteBucket, ensureDefaultBuckets, listBuckets } from "@/lib/files/buckets";
import { computeBucketUsage } from "@/lib/files/bucket-usage";
import { deleteObjects } from "@/lib/files/delete-objects";
import { s3 } from "@/lib/s3/client";
import { admin, auditOutcomes, editor, putText, testBucketName, viewer } from "./support";

const made: string[] = [];

afterAll(async () => {
  for (const name of made) await deleteBucket(admin, name).catch(() => undefined);
});

describe("buckets", () => {
  it("an admin creates a bucket, sees it listed with its creation date, and deletes it when empty", async () => {
    const name = testBucketName("create");
    made.push(name);
    await expect(createBucket(admin, name)).resolves.toEqual({ name });
    const listed = (await listBuckets()).find((b) => b.name === name);
    expect(listed?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(createBucket(admin, name)).rejects.toMatchObject({ status: 409 });
    await deleteBucket(admin, name);
    expect((await listBuckets()).some((b) => b.name === name)).toBe(false);
    expect(await auditOutcomes("files.bucket.create", admin.actor.id)).toContain("success");
  });

  it("checks the name before calling the store, with a sentence", async () => {
    await expect(createBucket(admin, "Bad_Name")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/lowercase/) });
    await expect(createBucket(admin, "ab")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/3 to 63/) });
  });

  it("refuses to delete a bucket that holds objects, and says why", async () => {
    const name = testBucketName("full");
    made.push(name);
    await createBucket(admin, name);
    await putText(name, "keep/me.txt", "hello");
    await expect(deleteBucket(admin, name)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/not empty.*keep\/me\.txt/) });
    await deleteObjects(editor, name, { keys: ["keep/me.txt"] });
    await expect(deleteBucket(admin, name)).resolves.toEqual({ name });
  });

  it("leaves bucket creation and deletion to admins, refusing editors and viewers on the server", async () => {
    const name = testBucketName("roles");
    await expect(createBucket(editor, name)).rejects.toMatchObject({ status: 403 });
    await expect(createBucket(viewer, name)).rejects.toMatchObject({ status: 403 });
    await expect(deleteBucket(viewer, "model-artifacts")).rejects.toMatchObject({ status: 403 });
    await expect(s3().send(new HeadBucketCommand({ Bucket: name }))).rejects.toBeDefined();
    expect(await auditOutcomes("files.bucket.create", viewer.actor.id)).toContain("denied");
  });

  it("ensures default buckets exist, and running it again changes nothing", async () => {
    const names = [testBucketName("default-a"), testBucketName("default-b")];
    made.push(...names);
    expect(await ensureDefaultBuckets(names)).toEqual({ created: names, existing: [] });
    expect(await ensureDefaultBuckets(names)).toEqual({ created: [], existing: names });
    await expect(ensureDefaultBuckets(["Not_Valid"])).rejects.toThrow(/DEFAULT_BUCKETS has "Not_Valid"/);
  });

  it("counts a bucket's objects and bytes and shows the figures with their age", async () => {
    const name = testBucketName("usage");
    made.push(name);
    await createBucket(admin, name);
    await putText(name, "a.txt", "12345");
    await putText(name, "deep/b/c.txt", "1234567890");
    expect(await computeBucketUsage(name)).toEqual({ objects: 2, bytes: 15 });
    const usage = (await listBuckets()).find((b) => b.name === name)?.usage;
    expect(usage).toMatchObject({ objects: 2, bytes: 15 });
    expect(Date.now() - Date.parse(usage!.computedAt)).toBeLessThan(60_000);
    await deleteObjects(editor, name, { prefixes: ["deep/"], keys: ["a.txt"] });
  });
});
