import { ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { multipartEtag } from "@/lib/models/copy-file";
import { requestPromotion } from "@/lib/models/moves";
import { registerModel } from "@/lib/models/registry";
import { sweepFailedCopies } from "@/lib/models/resume";
import { runPendingMoves } from "@/lib/models/runner";
import { headTierObject, listTierObjects } from "@/lib/models/tier-objects";
import type { TierStore } from "@/lib/s3/tiers";
import { MiB, modelsTestBed } from "./support/deps";

/**
 * A promotion that fails (the store refuses a part) keeps what it copied; promoting again takes it over and
 * copies only the rest (counted at the S3 client), verified like any promotion. Left alone, the work is
 * cleaned up after a day: uploads aborted, copies deleted, the record gone.
 */

const PART = 5 * MiB;
const bed = await modelsTestBed("retry", { multipartAboveBytes: 8 * MiB, partBytes: PART, copyConcurrency: 2 });
const FILES = { "a.safetensors": 40 * MiB, "b.safetensors": 30 * MiB + 4096, "config.json": 300 };
const PARTS_TOTAL = Math.ceil(FILES["a.safetensors"] / PART) + Math.ceil(FILES["b.safetensors"] / PART);
const TOTAL = Object.values(FILES).reduce((a, b) => a + b, 0);

async function putModel(name: string, files: Record<string, number>) {
  const prefix = `${bed.type}/${name}/v1/`;
  for (const [file, size] of Object.entries(files)) {
    if (size < MiB) await bed.putCold(prefix + file, "{}".padEnd(size, " "));
    else await bed.putColdRandom(prefix + file, size);
  }
  const id = `${bed.type}.${name}.v1`;
  await registerModel(bed.deps(), id, { type: bed.type, name, version: "v1" });
  return { id, prefix };
}

/** Counts UploadPartCopy requests; with `failAt`, the failAt-th one fails as a store error would. */
function partCopies(store: TierStore, failAt?: number) {
  let n = 0;
  const name = `part-copies-${Math.random()}`;
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "UploadPartCopyCommand") {
        n += 1;
        if (n === failAt) throw Object.assign(new Error("injected: the store answered 500 InternalError"), { name: "InternalError", $metadata: { httpStatusCode: 500 } });
      }
      return next(args);
    },
    { step: "initialize", name },
  );
  return { count: () => n, stop: () => store.client.middlewareStack.remove(name) };
}

async function openUploads(store: TierStore, prefix: string): Promise<number> {
  const out = await store.client.send(new ListMultipartUploadsCommand({ Bucket: bed.hotBucket, Prefix: prefix }));
  return (out.Uploads ?? []).length;
}

async function hotKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of listTierObjects(bed.deps().hot, bed.hotBucket, prefix)) keys.push(...page.map((o) => o.key));
  return keys;
}

let model: { id: string; prefix: string };
beforeAll(async () => {
  model = await putModel("retry", FILES);
}, 300_000);
afterAll(() => bed.cleanup(), 120_000);

describe("a failed promotion", () => {
  test("is taken over by the next promotion, which copies only the parts not copied before", async () => {
    const deps = bed.deps();
    const first = await requestPromotion(deps, model.id, { reason: "manual", actor: "vitest" });
    expect(first.outcome).toBe("queued");
    const failedId = first.outcome === "queued" ? first.move.id : 0n;

    const failing = partCopies(deps.hot, 7);
    const failedRun = await runPendingMoves(deps, { modelIds: [model.id] });
    failing.stop();
    expect(failedRun.failed).toBe(1);
    const failed = await db().modelMove.findUniqueOrThrow({ where: { id: failedId } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("injected");
    expect((await db().model.findUniqueOrThrow({ where: { id: model.id } })).state).toBe("cold");
    const copiedBefore = await db().modelMovePart.findMany({ where: { moveId: failedId } });
    expect(copiedBefore.length).toBeGreaterThanOrEqual(5);
    expect(copiedBefore.length).toBeLessThan(PARTS_TOTAL);
    expect(await openUploads(deps.hot, model.prefix)).toBeGreaterThan(0);

    // The retry: a new promotion, a new move; it copies only what the failed one did not.
    const again = await requestPromotion(deps, model.id, { reason: "manual", actor: "vitest" });
    expect(again.outcome).toBe("queued");
    const retryId = again.outcome === "queued" ? again.move.id : 0n;
    const counter = partCopies(deps.hot);
    const retryRun = await runPendingMoves(deps, { modelIds: [model.id] });
    counter.stop();
    expect(retryRun.promoted).toBe(1);
    expect(counter.count()).toBe(PARTS_TOTAL - copiedBefore.length);

    const retry = await db().modelMove.findUniqueOrThrow({ where: { id: retryId } });
    expect(retry.status).toBe("succeeded");
    expect(Number(retry.bytesDone)).toBe(TOTAL);
    const reused = copiedBefore.reduce((sum, p) => sum + Number(p.bytes), 0);
    expect(retry.details).toMatchObject({ resumedFrom: failedId.toString() });
    expect(Number(retry.bytesAtStart)).toBeGreaterThanOrEqual(reused);
    // The failed move's record moved over: nothing of it is left to clean up or take over twice.
    expect(await db().modelMoveFile.count({ where: { moveId: failedId } })).toBe(0);
    const partsAfter = await db().modelMovePart.findMany({ where: { moveId: retryId } });
    expect(partsAfter).toHaveLength(PARTS_TOTAL);
    for (const p of copiedBefore) expect(partsAfter.find((a) => a.path === p.path && a.partNumber === p.partNumber)?.etag).toBe(p.etag);

    for (const [name, size] of Object.entries(FILES)) {
      const hot = await headTierObject(deps.hot, bed.hotBucket, model.prefix + name);
      expect(hot?.size).toBe(size);
      const parts = partsAfter.filter((p) => p.path === name).sort((a, b) => a.partNumber - b.partNumber);
      if (parts.length > 0) expect(hot?.etag).toBe(multipartEtag(parts.map((p) => p.etag)));
    }
    expect((await db().model.findUniqueOrThrow({ where: { id: model.id } })).state).toBe("hot");
    expect(await openUploads(deps.hot, model.prefix)).toBe(0);
  }, 300_000);

  test("nobody retries: after a day its uploads are aborted, its copies deleted and its record dropped", async () => {
    const small = await putModel("abandoned", { "w.safetensors": 20 * MiB, "config.json": 200 });
    const deps = bed.deps();
    const asked = await requestPromotion(deps, small.id, { reason: "manual", actor: "vitest" });
    const moveId = asked.outcome === "queued" ? asked.move.id : 0n;
    const failing = partCopies(deps.hot, 3);
    expect((await runPendingMoves(deps, { modelIds: [small.id] })).failed).toBe(1);
    failing.stop();
    expect(await db().modelMoveFile.count({ where: { moveId } })).toBeGreaterThan(0);
    expect(await openUploads(deps.hot, small.prefix)).toBe(1);

    const hourLater = bed.deps({ clock: () => new Date(Date.now() + 3_600_000) });
    expect(await sweepFailedCopies(hourLater)).toBe(0);
    const dayLater = bed.deps({ clock: () => new Date(Date.now() + 25 * 3_600_000) });
    expect(await sweepFailedCopies(dayLater)).toBe(1);
    expect(await openUploads(deps.hot, small.prefix)).toBe(0);
    expect(await hotKeys(small.prefix)).toEqual([]);
    expect(await db().modelMoveFile.count({ where: { moveId } })).toBe(0);
    expect(await sweepFailedCopies(dayLater)).toBe(0);
  }, 300_000);
});
