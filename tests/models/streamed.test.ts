import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { createTierStore } from "@/lib/s3/tiers";
import { env } from "@/lib/config/env";
import { requestCancel, requestPromotion } from "@/lib/models/moves";
import { routeFor } from "@/lib/models/promote";
import { registerModel } from "@/lib/models/registry";
import { runPendingMoves } from "@/lib/models/runner";
import { headTierObject, listTierObjects } from "@/lib/models/tier-objects";
import { MiB, modelsTestBed } from "./support/deps";

// The hot tier reached as another store (same SeaweedFS, another address): copies cannot be server-side,
// so every byte streams cold → Strata → hot, part by part, hashed on the way.
const e = env();
const otherHot = createTierStore("hot", {
  endpoint: e.S3_ENDPOINT.replace("127.0.0.1", "localhost"),
  accessKeyId: e.S3_ACCESS_KEY_ID,
  secretAccessKey: e.S3_SECRET_ACCESS_KEY,
  region: e.S3_REGION,
  forcePathStyle: e.S3_FORCE_PATH_STYLE,
});
const bed = await modelsTestBed("streamed", { multipartAboveBytes: 6 * MiB, partBytes: 5 * MiB, copyConcurrency: 2 });
const deps = () => bed.deps({ hot: otherHot });
const FILES = { "a.safetensors": 23 * MiB + 17, "b.safetensors": 12 * MiB, "config.json": 300 };

async function addModel(name: string) {
  const prefix = `${bed.type}/${name}/v1/`;
  for (const [file, size] of Object.entries(FILES)) await bed.putColdRandom(prefix + file, size);
  await registerModel(deps(), `${bed.type}.${name}.v1`, { type: bed.type, name, version: "v1" });
  return { id: `${bed.type}.${name}.v1`, prefix };
}

beforeAll(() => expect(e.S3_ENDPOINT).toContain("127.0.0.1"));
afterAll(() => bed.cleanup(), 120_000);

describe("promotion between two stores", () => {
  test("streams every part through Strata (no server-side copy) and verifies each file", async () => {
    expect(routeFor(deps()).serverSide).toBe(false);
    const { id, prefix } = await addModel("streamed");
    let serverSideCopies = 0;
    otherHot.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "UploadPartCopyCommand" || context.commandName === "CopyObjectCommand") serverSideCopies += 1;
        return next(args);
      },
      { step: "initialize", name: "count-server-side-copies" },
    );
    await requestPromotion(deps(), id, { reason: "manual", actor: "vitest" });
    expect(await runPendingMoves(deps(), { modelIds: [id] })).toMatchObject({ promoted: 1, failed: 0 });
    expect(serverSideCopies).toBe(0);
    for (const [file, size] of Object.entries(FILES)) {
      const [hot, cold] = await Promise.all([headTierObject(otherHot, bed.hotBucket, prefix + file), headTierObject(bed.deps().cold, bed.coldBucket, prefix + file)]);
      expect(hot?.size).toBe(size);
      // Single PUTs keep the MD5 the cold copy has; multipart copies get an ETag of their own parts.
      if (size <= 6 * MiB) expect(hot?.etag).toBe(cold?.etag);
    }
    expect(await db().modelMovePart.count({ where: { file: { move: { modelId: id } } } })).toBe(5 + 3);
    expect((await db().model.findUniqueOrThrow({ where: { id } })).state).toBe("hot");
  }, 180_000);

  test("a canceled promotion stops within a part, deletes what it copied, and leaves the model cold", async () => {
    const { id, prefix } = await addModel("canceled");
    const asked = await requestPromotion(deps(), id, { reason: "manual", actor: "vitest" });
    const moveId = asked.outcome === "queued" ? asked.move.id : 0n;
    const running = runPendingMoves(deps(), { modelIds: [id] });
    const deadline = Date.now() + 60_000;
    while ((await db().modelMovePart.count({ where: { moveId } })) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await requestCancel(deps(), id))?.status).toBe("canceling");
    expect(await running).toMatchObject({ canceled: 1, promoted: 0 });

    const move = await db().modelMove.findUniqueOrThrow({ where: { id: moveId } });
    expect(move.status).toBe("canceled");
    expect(Number(move.bytesDone)).toBeLessThan(Number(move.bytesTotal));
    expect((await db().model.findUniqueOrThrow({ where: { id } })).state).toBe("cold");
    const left: string[] = [];
    for await (const page of listTierObjects(otherHot, bed.hotBucket, prefix)) left.push(...page.map((o) => o.key));
    expect(left).toEqual([]);
  }, 180_000);
});
