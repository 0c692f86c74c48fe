import { GetBucketLifecycleConfigurationCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getBucketSettings, putBucketCorsRules, setBucketVersioning } from "@/lib/files/bucket-settings";
import { putLifecycleRules, type LifecycleRule } from "@/lib/files/lifecycle";
import { lifecyclePreset } from "@/lib/files/lifecycle-presets";
import { s3 } from "@/lib/s3/client";
import { admin, auditOutcomes, editor, scratchBucket } from "./support";

/** Lifecycle, versioning and CORS written through the S3 API and read back from the real store. */

let bucket: Awaited<ReturnType<typeof scratchBucket>>;

beforeAll(async () => {
  bucket = await scratchBucket("settings");
});

afterAll(async () => {
  await bucket.drop();
});

const rule = (overrides: Partial<LifecycleRule>): LifecycleRule => ({
  id: "r",
  prefix: "",
  enabled: true,
  expirationDays: null,
  abortIncompleteDays: null,
  transition: null,
  ...overrides,
});

describe("lifecycle rules", () => {
  test("round-trip: expiration by prefix and age, abort incomplete uploads; the store holds exactly what was sent", async () => {
    const rules = [rule({ id: "logs-30d", prefix: "logs/", expirationDays: 30 }), rule({ id: "abort-2d", abortIncompleteDays: 2 })];
    expect(await putLifecycleRules(admin, bucket.name, rules)).toEqual(rules);
    const raw = await s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket.name }));
    expect(raw.Rules?.map((r) => [r.ID, r.Status, r.Filter?.Prefix ?? r.Prefix, r.Expiration?.Days, r.AbortIncompleteMultipartUpload?.DaysAfterInitiation])).toEqual([
      ["logs-30d", "Enabled", "logs/", 30, undefined],
      ["abort-2d", "Enabled", "", undefined, 2],
    ]);
    const settings = await getBucketSettings(bucket.name);
    expect(settings.lifecycle).toEqual({ supported: true, value: rules });
    expect(await auditOutcomes("files.bucket.lifecycle", admin.actor.id)).toContain("success");

    expect(await putLifecycleRules(admin, bucket.name, [])).toEqual([]);
    expect((await getBucketSettings(bucket.name)).lifecycle).toEqual({ supported: true, value: [] });
  });

  test("a bucket's preset applies in one call and reads back the same", async () => {
    const preset = lifecyclePreset("logs");
    expect(preset.rules.find((r) => r.expirationDays === 30)).toBeDefined();
    expect(await putLifecycleRules(admin, bucket.name, preset.rules)).toEqual(preset.rules);
    expect(lifecyclePreset("strata-temp").rules[0]).toMatchObject({ prefix: "zips/", expirationDays: 1 });
  });

  test("a Transition rule the store does not implement is refused in words, and nothing changes", async () => {
    const before = (await getBucketSettings(bucket.name)).lifecycle;
    const attempt = putLifecycleRules(admin, bucket.name, [rule({ id: "to-cold", transition: { days: 30, storageClass: "GLACIER" } })]);
    await expect(attempt).rejects.toMatchObject({ status: 422, code: "not_supported_by_store" });
    await expect(attempt).rejects.toThrow(/Transition rules \(to-cold\) are not implemented by this store/);
    expect((await getBucketSettings(bucket.name)).lifecycle).toEqual(before);
  });

  test("invalid rules are refused before the store is asked; editors are refused (audited)", async () => {
    await expect(putLifecycleRules(admin, bucket.name, [rule({ id: "nothing" })])).rejects.toMatchObject({ name: "ZodError" });
    await expect(putLifecycleRules(admin, bucket.name, [rule({ id: "a", expirationDays: 0 })])).rejects.toMatchObject({ name: "ZodError" });
    await expect(putLifecycleRules(admin, bucket.name, [rule({ id: "a", expirationDays: 1 }), rule({ id: "a", expirationDays: 2 })])).rejects.toMatchObject({ name: "ZodError" });
    await expect(putLifecycleRules(editor, bucket.name, [rule({ id: "a", expirationDays: 1 })])).rejects.toMatchObject({ status: 403 });
    expect(await auditOutcomes("files.bucket.lifecycle", editor.actor.id)).toContain("denied");
  });
});

describe("versioning and CORS", () => {
  test("versioning on, then suspended; read back from the store", async () => {
    expect((await getBucketSettings(bucket.name)).versioning).toEqual({ supported: true, value: "Off" });
    expect(await setBucketVersioning(admin, bucket.name, true)).toBe("Enabled");
    expect((await getBucketSettings(bucket.name)).versioning).toEqual({ supported: true, value: "Enabled" });
    expect(await setBucketVersioning(admin, bucket.name, false)).toBe("Suspended");
    await expect(setBucketVersioning(editor, bucket.name, true)).rejects.toMatchObject({ status: 403 });
  });

  test("CORS rules written and read back; the console's own rule is offered", async () => {
    const settings = await getBucketSettings(bucket.name);
    expect(settings.consoleCors.exposeHeaders).toContain("ETag");
    const rules = [{ allowedOrigins: ["https://console.example"], allowedMethods: ["GET", "PUT"] as ("GET" | "PUT")[], allowedHeaders: ["*"], exposeHeaders: ["ETag"], maxAgeSeconds: 600 }];
    expect(await putBucketCorsRules(admin, bucket.name, rules)).toEqual(rules);
    expect((await getBucketSettings(bucket.name)).cors).toEqual({ supported: true, value: rules });
    await expect(putBucketCorsRules(admin, bucket.name, [{ allowedOrigins: [], allowedMethods: ["GET"] }])).rejects.toMatchObject({ name: "ZodError" });
    await expect(putBucketCorsRules(editor, bucket.name, rules)).rejects.toMatchObject({ status: 403 });
  });
});
