import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listObjectsPage } from "@/lib/files/list-objects";
import { getObjectDetails } from "@/lib/files/object-details";
import { presignDownload } from "@/lib/files/presign";
import { runLimited } from "@/lib/files/run-limited";
import { AWKWARD_KEYS, putText, scratchBucket } from "./support";

let bucket: Awaited<ReturnType<typeof scratchBucket>>;

beforeAll(async () => {
  bucket = await scratchBucket("listing");
  const many = Array.from({ length: 1500 }, (_, i) => `many/obj-${String(i).padStart(5, "0")}.txt`);
  await runLimited(many, 16, (key) => putText(bucket.name, key, key));
  for (const key of AWKWARD_KEYS) await putText(bucket.name, key, `content of ${key}`);
  await putText(bucket.name, "tree/", "");
  await putText(bucket.name, "tree/readme.md", "# hi", "text/markdown");
  await putText(bucket.name, "tree/sub/one.txt", "1");
  await putText(bucket.name, "tree/sub/two.txt", "2");
  await putText(bucket.name, "tree/zeta/z.txt", "z");
});

afterAll(async () => {
  await bucket.drop();
});

describe("listing a folder", () => {
  it("pages a 1,500-object prefix with continuation tokens, every key exactly once, in order", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await listObjectsPage({ bucket: bucket.name, prefix: "many/", continuationToken: token, maxKeys: 400 });
      seen.push(...page.objects.map((o) => o.key));
      token = page.nextToken ?? undefined;
      pages += 1;
    } while (token);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(1500);
    expect(new Set(seen).size).toBe(1500);
    expect(seen).toEqual([...seen].sort());
    expect(seen[0]).toBe("many/obj-00000.txt");
    expect(seen.at(-1)).toBe("many/obj-01499.txt");
  });

  it("shows sub-folders as common prefixes and hides the folder's own marker", async () => {
    const page = await listObjectsPage({ bucket: bucket.name, prefix: "tree/" });
    expect(page.folders).toEqual(["tree/sub/", "tree/zeta/"]);
    expect(page.objects.map((o) => o.key)).toEqual(["tree/readme.md"]);
    expect(page.objects[0]).toMatchObject({ size: 4, etag: expect.stringMatching(/^".+"$/) });
    expect(page.nextToken).toBeNull();
  });

  it("filters by name prefix in the store", async () => {
    const page = await listObjectsPage({ bucket: bucket.name, prefix: "many/obj-0149" });
    expect(page.objects.map((o) => o.key)).toEqual(Array.from({ length: 10 }, (_, i) => `many/obj-0149${i}.txt`));
  });

  it("answers 404 for a bucket that does not exist", async () => {
    await expect(listObjectsPage({ bucket: "test-no-such-bucket-zz", prefix: "" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("awkward keys", () => {
  it.each(AWKWARD_KEYS)("%s lists, describes and downloads exactly", async (key) => {
    const folder = key.slice(0, key.lastIndexOf("/") + 1);
    const root = await listObjectsPage({ bucket: bucket.name, prefix: "" });
    expect(root.folders).toContain(key.slice(0, key.indexOf("/") + 1));
    const page = await listObjectsPage({ bucket: bucket.name, prefix: folder });
    expect(page.objects.map((o) => o.key)).toEqual([key]);

    const details = await getObjectDetails(bucket.name, key);
    expect(details).toMatchObject({ key, size: Buffer.byteLength(`content of ${key}`), contentType: "text/plain" });

    const { url } = await presignDownload(bucket.name, key);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`content of ${key}`);
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? "")).toBe(key.slice(folder.length));
  });
});

describe("object details", () => {
  it("reports size, type, ETag, dates, storage class, metadata, tags and versioning", async () => {
    const details = await getObjectDetails(bucket.name, "tree/readme.md");
    expect(details).toMatchObject({
      size: 4,
      contentType: "text/markdown",
      etag: expect.stringMatching(/^"/),
      lastModified: expect.stringMatching(/^\d{4}-/),
      storageClass: expect.any(String),
      metadata: {},
      versioning: expect.stringMatching(/^(Off|Enabled|Suspended|Unknown)$/),
      versions: [],
    });
  });

  it("answers 404 for a missing object", async () => {
    await expect(getObjectDetails(bucket.name, "nope.txt")).rejects.toMatchObject({ status: 404 });
  });
});
