import { PutObjectCommand } from "@aws-sdk/client-s3";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { copyNewOutputs } from "@/lib/outputs/copy-to-cold";
import type { OutputDeps } from "@/lib/outputs/deps";
import { createOutput, deleteOutput } from "@/lib/outputs/service";
import { outputIdOfKey, sweepStrayOutputs } from "@/lib/outputs/sweep";
import { storedSize } from "@/lib/outputs/tiers";
import { listKeys, service, testTiers, upload } from "./support";

/**
 * Uploads that land after their output's record is gone — a presigned PUT is valid until it expires, and a
 * service may retry it after the output was deleted, or finish it after the copy job forgot the
 * registration — leave objects nobody records. The sweep deletes them (after its grace period) and leaves
 * recorded outputs, uploads still waiting for the copy job, and keys that are not outputs' alone.
 */

const run = randomUUID().slice(0, 8);
const user = `t${run}-sweep`;
let deps: OutputDeps;
let drop: (users: string[]) => Promise<void>;

beforeAll(async () => {
  ({ deps, drop } = await testTiers());
});

afterAll(async () => {
  await db().$executeRaw`DELETE FROM generated_outputs WHERE user_id = ${user}`;
  await drop?.([user]);
});

const body = () => randomBytes(1200);
const register = (bytes: Buffer) => createOutput(service(), { userId: user, type: "image", filename: "late.png", contentType: "image/png", size: bytes.length }, deps);
const inTwoHours = () => new Date(Date.now() + 2 * 3_600_000);

describe("outputs-sweep", () => {
  test("output keys name their id; other keys name none", () => {
    expect(outputIdOfKey("u1/2026/12/02/0b7e7f8e-1d2c-4a4b-9c3d-2e1f0a9b8c7d.png")).toBe("0b7e7f8e-1d2c-4a4b-9c3d-2e1f0a9b8c7d");
    expect(outputIdOfKey("u1/2026/12/02/notes.txt")).toBeNull();
    expect(outputIdOfKey("u1/2026/12/")).toBeNull();
  });

  test("deletes late uploads whose record is gone, and nothing recorded, pending or foreign", async () => {
    // 1. Uploaded, copied, deleted — then the service retries its upload through the still-valid URL.
    const retried = body();
    const deleted = await register(retried);
    await upload(deleted.upload.url, deleted.upload.headers, retried);
    await copyNewOutputs(deps, { users: [user] });
    expect(await deleteOutput(service(), deleted.id, deps)).toEqual({ deleted: 1 });
    expect(await storedSize(deps.tiers.hot, deleted.output.key)).toBeNull();
    await upload(deleted.upload.url, deleted.upload.headers, retried);
    expect(await storedSize(deps.tiers.hot, deleted.output.key)).toBe(retried.length);

    // 2. Registered, never uploaded in time: the copy job forgets it; then the upload arrives.
    const late = body();
    const forgotten = await register(late);
    const abandoned = await copyNewOutputs(deps, { users: [user], now: new Date(Date.now() + 8 * 86_400_000) });
    expect(abandoned.abandoned).toBe(1);
    await upload(forgotten.upload.url, forgotten.upload.headers, late);

    // 3. Recorded and copied: stays on both tiers. 4. Uploaded, not yet copied: stays. 5. Not an output's key: stays.
    const keptBytes = body();
    const kept = await register(keptBytes);
    await upload(kept.upload.url, kept.upload.headers, keptBytes);
    await copyNewOutputs(deps, { users: [user] });
    const pendingBytes = body();
    const pending = await register(pendingBytes);
    await upload(pending.upload.url, pending.upload.headers, pendingBytes);
    const foreign = `${user}/2026/12/02/readme.txt`;
    await deps.tiers.hot.store.client.send(new PutObjectCommand({ Bucket: deps.tiers.hot.bucket, Key: foreign, Body: "not an output" }));

    // Within the grace period nothing is touched (an upload or a delete may be under way).
    const early = await sweepStrayOutputs(deps, { users: [user] });
    expect(early.deleted).toBe(0);
    expect(await storedSize(deps.tiers.hot, deleted.output.key)).toBe(retried.length);

    const swept = await sweepStrayOutputs(deps, { users: [user], now: inTwoHours() });
    expect(swept).toMatchObject({ stray: 2, deleted: 2, failed: 0, foreign: 1 });
    expect(await storedSize(deps.tiers.hot, deleted.output.key)).toBeNull();
    expect(await storedSize(deps.tiers.hot, forgotten.output.key)).toBeNull();
    expect(await storedSize(deps.tiers.hot, kept.output.key)).toBe(keptBytes.length);
    expect(await storedSize(deps.tiers.cold, kept.output.key)).toBe(keptBytes.length);
    expect(await storedSize(deps.tiers.hot, pending.output.key)).toBe(pendingBytes.length);
    expect(await storedSize(deps.tiers.hot, foreign)).toBe(13);
    const left = [...(await listKeys(deps.tiers.hot, `${user}/`)), ...(await listKeys(deps.tiers.cold, `${user}/`))].filter((k) => !k.endsWith("/"));
    expect(left.sort()).toEqual([foreign, kept.output.key, kept.output.key, pending.output.key].sort());

    // A second run finds nothing more.
    expect((await sweepStrayOutputs(deps, { users: [user], now: inTwoHours() })).deleted).toBe(0);
  }, 120_000);
});
