import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { purgeContexts, purgeObjectKey } from "@/lib/contexts/purge";
import { db } from "@/lib/db/client";
import { s3 } from "@/lib/s3/client";
import { connected, messages, testDeps, tierCounts } from "./support/deps";

const BUCKET = "backups";
const OLD = 23;
const t = testDeps({ purgeBatch: 10, coldDays: 365, purgeExport: true, exportBucket: BUCKET });
const writtenKeys: string[] = [];

async function ensureBucket() {
  try {
    await s3().send(new HeadBucketCommand({ Bucket: BUCKET }));
  } catch {
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
  }
}

async function readExport(key: string): Promise<{ userId: string; conversationId: string; messages: { content: string }[] }[]> {
  const object = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const text = gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString("utf8");
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

// The job runs scoped to this file's users and reports each batch it handles, so batches that other files
// or an interrupted earlier run left in the shared database are neither resumed here nor inspected.
const scope = { userPrefix: t.userPrefix };
const batchIds = new Set<bigint>();
const recordBatch = async (id: bigint) => {
  batchIds.add(id);
};

async function batchesOfThisTest() {
  return db().userContextPurgeBatch.findMany({ where: { id: { in: [...batchIds] } }, orderBy: { id: "asc" } });
}

/** Cold contexts of this test, last active `daysAgo` days ago. */
async function coldContexts(prefix: string, count: number, daysAgo: number) {
  for (let i = 0; i < count; i += 1) {
    const key = { userId: t.user("p"), conversationId: `${prefix}-${i}` };
    await t.store.put(key, { title: `${prefix} ${i}`, tags: [], metadata: {}, messages: messages(2, (n) => `${prefix} ${i} says ${n}`) });
    await t.store.archive(key, "test");
  }
  await db().$executeRaw`
    UPDATE user_contexts_archive SET active_at = now() - make_interval(days => ${daysAgo}::int)
     WHERE user_id = ${t.user("p")} AND conversation_id LIKE ${`${prefix}-%`}`;
}

beforeAll(async () => {
  await connected(t.deps.redis);
  await ensureBucket();
  await coldContexts("old", OLD, 400);
  await coldContexts("kept", 3, 200);
});

afterAll(async () => {
  for (const key of writtenKeys) await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  await t.cleanup();
  t.deps.redis.disconnect();
});

describe("purge job with export", () => {
  test("writes each batch to S3 before deleting it; interrupted after an export, the rerun overwrites the same object", async () => {
    const deps = { ...t.deps, s3: s3() };
    await expect(
      purgeContexts(deps, {
        scope,
        afterExport: async (id) => {
          await recordBatch(id);
          throw new Error("killed between export and delete");
        },
      }),
    ).rejects.toThrow(/killed between export and delete/);

    const [interrupted] = await batchesOfThisTest();
    expect(interrupted?.status).toBe("pending");
    writtenKeys.push(interrupted!.objectKey!);
    expect(interrupted!.objectKey).toMatch(/^contexts\/\d{4}\/\d{2}\/\d{2}\/purge-\d{6}-[0-9a-f]{8}\.jsonl\.gz$/);
    expect(await readExport(interrupted!.objectKey!)).toHaveLength(10);
    expect(await tierCounts(t.userPrefix)).toEqual({ warm: 0, cold: OLD + 3, messages: (OLD + 3) * 2 });

    const result = await purgeContexts(deps, { scope, afterExport: recordBatch });
    expect(result.purged).toBe(OLD);
    expect(result.exported).toBe(result.purged);

    const batches = await batchesOfThisTest();
    writtenKeys.push(...batches.slice(1).map((b) => b.objectKey!));
    expect(batches.every((b) => b.status === "done" && b.exported === b.purged)).toBe(true);
    expect(batches[0]!.objectKey).toBe(interrupted!.objectKey);

    const exported = (await Promise.all(batches.map((b) => readExport(b.objectKey!)))).flat().filter((c) => c.userId === t.user("p"));
    expect(exported).toHaveLength(OLD);
    expect(new Set(exported.map((c) => c.conversationId)).size).toBe(OLD);
    expect(exported.find((c) => c.conversationId === "old-4")?.messages.map((m) => m.content)).toEqual(["old 4 says 1", "old 4 says 2"]);

    expect(await tierCounts(t.userPrefix)).toEqual({ warm: 0, cold: 3, messages: 6 });
    expect(await purgeContexts(deps, { scope })).toEqual({ purged: 0, exported: 0, objects: 0, batches: 0 });
  });

  test("without export, expired contexts and their messages are deleted in batches", async () => {
    await db().$executeRaw`UPDATE user_contexts_archive SET active_at = now() - interval '366 days' WHERE user_id = ${t.user("p")}`;
    const result = await purgeContexts({ ...t.deps, config: { ...t.config, purgeExport: false, purgeBatch: 2 }, s3: s3() }, { scope });
    expect(result.purged).toBe(3);
    expect(result.exported).toBe(0);
    expect(await tierCounts(t.userPrefix)).toEqual({ warm: 0, cold: 0, messages: 0 });
  });

  test("object keys follow backups/contexts/<yyyy>/<mm>/<dd>/", () => {
    expect(purgeObjectKey(new Date("2026-03-04T05:06:07Z"), "abcdef01")).toBe("contexts/2026/03/04/purge-050607-abcdef01.jsonl.gz");
  });
});
