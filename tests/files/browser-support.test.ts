import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existingKeys } from "@/lib/files/existing-keys";
import { runLimited } from "@/lib/files/run-limited";
import { listFolderSorted, MAX_SORTED_ENTRIES } from "@/lib/files/sorted-listing";
import { putText, scratchBucket } from "./support";

/** What the browser asks the server before an upload (does it overwrite?) and for sorting a whole folder. */

let bucket: Awaited<ReturnType<typeof scratchBucket>>;

beforeAll(async () => {
  bucket = await scratchBucket("browser");
});

afterAll(async () => {
  await bucket.drop();
});

describe("existing keys before an upload", () => {
  it("names exactly the keys that hold an object, awkward ones included", async () => {
    await putText(bucket.name, "up/report #1 ü.txt", "x");
    await putText(bucket.name, "up/b.txt", "x");
    expect((await existingKeys(bucket.name, ["up/report #1 ü.txt", "up/new.txt", "up/b.txt", "up/b.txt"])).sort()).toEqual(["up/b.txt", "up/report #1 ü.txt"]);
    await expect(existingKeys(bucket.name, ["up/"])).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("sorting a whole folder by size or date", () => {
  it("reads every page of the folder level and answers it sorted, folders first", async () => {
    const sizes = Array.from({ length: 1203 }, (_, i) => (i * 7919) % 1500);
    await runLimited(sizes, 32, (size) => putText(bucket.name, `sized/o-${String(size).padStart(4, "0")}-${Math.random().toString(36).slice(2, 6)}.bin`, "x".repeat(size)));
    await putText(bucket.name, "sized/sub/inner.txt", "x");
    const page = await listFolderSorted(bucket.name, "sized/", "size", "desc");
    expect(page.nextToken).toBeNull();
    expect(page.folders).toEqual(["sized/sub/"]);
    expect(page.objects).toHaveLength(1203);
    const got = page.objects.map((o) => o.size);
    expect(got).toEqual([...sizes].sort((a, b) => b - a));
  });

  it(`refuses above its bound (${MAX_SORTED_ENTRIES.toLocaleString("en")} in the app; 100 here) with a message that says so`, async () => {
    await runLimited(Array.from({ length: 101 }, (_, i) => i), 32, (i) => putText(bucket.name, `many/${i}.txt`, ""));
    expect((await listFolderSorted(bucket.name, "many/", "size", "asc", 101)).objects).toHaveLength(101);
    await expect(listFolderSorted(bucket.name, "many/", "modified", "asc", 100)).rejects.toMatchObject({
      status: 413,
      message: expect.stringContaining("more than 100 entries, too many to sort by date"),
    });
  });
});
