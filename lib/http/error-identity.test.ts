import { describe, expect, test, vi } from "vitest";

/**
 * Next bundles lib/http/errors.ts into several server chunks; the contexts store lives on globalThis, so the
 * HttpError it throws can come from another copy of the module than the describeError that answers. Two
 * fresh module instances reproduce that.
 */
async function freshCopy() {
  vi.resetModules();
  return import("./errors");
}

describe("error identity across bundled copies", () => {
  test("an HttpError from one copy keeps its status in another copy's describeError", async () => {
    const storeChunk = await freshCopy();
    const routeChunk = await freshCopy();
    expect(storeChunk.HttpError).not.toBe(routeChunk.HttpError);

    const full = storeChunk.conflict("The context holds 5000 messages, the most it may hold.");
    expect(routeChunk.describeError(full)).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: "The context holds 5000 messages, the most it may hold." } },
    });
    expect(routeChunk.describeError(storeChunk.badRequest("The cursor is not one this API returned.")).status).toBe(400);
    expect(full instanceof routeChunk.HttpError).toBe(true);
    expect(routeChunk.isHttpError(full)).toBe(true);
  });

  test("look-alikes are not HttpErrors", async () => {
    const { describeError, isHttpError } = await freshCopy();
    const fake = Object.assign(new Error("x"), { status: 400, code: "bad_request" });
    expect(isHttpError(fake)).toBe(false);
    expect(describeError(fake).status).toBe(500);
  });
});

describe("AWS SDK errors mapped in one place", () => {
  function sdkError(name: string, status: number) {
    return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  }

  test("each known code answers its status", async () => {
    const { describeError } = await freshCopy();
    const cases: [string, number, number][] = [
      ["InvalidBucketName", 400, 400],
      ["NoSuchBucket", 404, 404],
      ["NoSuchKey", 404, 404],
      ["NoSuchUpload", 404, 404],
      ["BucketNotEmpty", 409, 409],
      ["AccessDenied", 403, 502],
      ["SlowDown", 503, 503],
      ["SomethingNew", 400, 400],
      ["SomethingNew", 500, 503],
    ];
    for (const [name, s3Status, expected] of cases) expect([name, describeError(sdkError(name, s3Status)).status]).toEqual([name, expected]);
  });

  test("a failure without SDK metadata is not blamed on the object store", async () => {
    const { describeError } = await freshCopy();
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(describeError(refused).body.error.message).not.toContain("object store");
  });
});
