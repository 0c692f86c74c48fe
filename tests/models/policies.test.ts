import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { ModelDeps } from "@/lib/models/deps";
import { runPolicy } from "@/lib/models/jobs";
import { planIdleDemotions, planLruEvictions, previewEviction, requestDemotion, requestPromotion } from "@/lib/models/moves";
import { registerModel } from "@/lib/models/registry";
import { runPendingMoves } from "@/lib/models/runner";
import { resolveModel } from "@/lib/models/service";
import { listTierObjects } from "@/lib/models/tier-objects";
import { caller, later, MiB, modelsTestBed } from "./support/deps";

// A hot tier of 10 MiB (high 80 %, low 50 %) and models of 2 MiB: small enough to fill in a test.
const bed = await modelsTestBed("policies", { hotCapacityBytes: 10 * MiB, highWatermark: 0.8, lowWatermark: 0.5, maxIdleDays: 30, inUseWindowMinutes: 60 });
const viewer = caller("viewer");
const T0 = new Date();
const at = (days: number) => bed.deps({ clock: later(days, T0) });

const modelId = (name: string) => `llm.${name}.${bed.run}`;
async function addModel(name: string, bytes = 2 * MiB) {
  const prefix = `${bed.type}/${name}/v1/`;
  await bed.putCold(`${prefix}weights.bin`, new Uint8Array(bytes - 100).fill(7));
  await bed.putCold(`${prefix}config.json`, "x".repeat(100));
  await registerModel(bed.deps(), modelId(name), { type: bed.type, name, version: "v1" });
  return modelId(name);
}

async function promote(id: string, deps: ModelDeps) {
  const asked = await requestPromotion(deps, id, { reason: "manual", actor: "vitest" });
  await runPendingMoves(deps);
  return asked;
}

const stateOf = async (id: string) => (await db().model.findUniqueOrThrow({ where: { id } })).state;
async function hotKeys(id: string): Promise<string[]> {
  const model = await db().model.findUniqueOrThrow({ where: { id } });
  const keys: string[] = [];
  for await (const page of listTierObjects(bed.deps().hot, bed.hotBucket, model.prefix)) keys.push(...page.map((o) => o.key));
  return keys;
}

beforeAll(async () => {
  for (const name of ["idle", "pinned", "recent"]) await addModel(name);
}, 120_000);

afterAll(() => bed.cleanup(), 120_000);

describe("idle demotion", () => {
  test(`demotes hot models unused for ${30} days (injected clock), never pinned ones, after checking the cold copy`, async () => {
    for (const name of ["idle", "pinned", "recent"]) await promote(modelId(name), at(0));
    await db().model.update({ where: { id: modelId("pinned") }, data: { pinned: true } });
    await resolveModel(viewer, modelId("recent"), { presign: false }, at(20));
    expect(await hotKeys(modelId("idle"))).toHaveLength(2);

    // 29 days on, nothing is idle long enough.
    expect(await planIdleDemotions(at(29), { reason: "policy-idle", actor: "vitest" })).toEqual([]);

    const run = await db().jobRun.create({ data: { job: "models-idle-demotion", trigger: "manual", status: "running" } });
    const deps = at(31);
    const result = await runPolicy(deps, () => planIdleDemotions(deps, { reason: "policy-idle", actor: "models-idle-demotion", policyRunId: run.id }));
    expect(result).toMatchObject({ planned: 1, demoted: 1, failed: 0, refused: 0 });

    expect(await stateOf(modelId("idle"))).toBe("cold");
    expect(await hotKeys(modelId("idle"))).toEqual([]);
    expect(await stateOf(modelId("pinned"))).toBe("hot");
    expect(await stateOf(modelId("recent"))).toBe("hot");
    const move = await db().modelMove.findFirstOrThrow({ where: { policyRunId: run.id } });
    expect(move).toMatchObject({ modelId: modelId("idle"), kind: "demote", reason: "policy-idle", status: "succeeded" });
    expect(Number(move.bytesDone)).toBe(2 * MiB);

    // 51 days on, "recent" has been idle for 31 days too; "pinned" still never goes.
    expect(await planIdleDemotions(at(51), { reason: "policy-idle", actor: "vitest" })).toHaveLength(1);
    await runPendingMoves(at(51));
    expect(await stateOf(modelId("recent"))).toBe("cold");
    expect(await stateOf(modelId("pinned"))).toBe("hot");
  }, 180_000);
});

describe("LRU eviction with a small hot tier", () => {
  test("makes room for a promotion from the least recently used, keeping pinned and in-use models; refuses what cannot fit, with the numbers", async () => {
    // Hot now: pinned (2 MiB). Add in-use, old-a, old-b: 8 MiB, at the high watermark (8 MiB), not above it.
    for (const name of ["in-use", "old-a", "old-b", "incoming"]) await addModel(name);
    const now = at(60);
    for (const name of ["old-a", "old-b", "in-use"]) await promote(modelId(name), now);
    await resolveModel(viewer, modelId("old-b"), { presign: false }, bed.deps({ clock: later(60, new Date(T0.getTime() + 3_600_000)) }));
    await resolveModel(viewer, modelId("in-use"), { presign: false }, at(60.5));
    const clock = at(60.5 + 10 / 1440); // ten minutes after in-use's last access: within the 60-minute window
    expect((await previewEviction(clock)).aboveHigh).toBe(false);

    // 8 + 2 MiB passes the high watermark: evict down to 5 MiB. Evictable, least recent first: old-a, then old-b.
    const asked = await promote(modelId("incoming"), clock);
    expect(asked.outcome).toBe("queued");
    expect(await stateOf(modelId("old-a"))).toBe("cold");
    expect(await stateOf(modelId("old-b"))).toBe("cold");
    expect(await stateOf(modelId("pinned"))).toBe("hot");
    expect(await stateOf(modelId("in-use"))).toBe("hot");
    expect(await stateOf(modelId("incoming"))).toBe("hot");
    const evictions = await db().modelMove.findMany({ where: { kind: "demote", reason: "policy-lru" }, orderBy: { id: "asc" } });
    // One plan queues both at once, so their order among the moves carries no meaning.
    expect(evictions.map((m) => m.modelId).sort()).toEqual([modelId("old-a"), modelId("old-b")]);
    expect(evictions.every((m) => (m.details as { evictedFor?: string }).evictedFor === modelId("incoming"))).toBe(true);

    // 6 MiB hot, nothing evictable but "incoming" (2 MiB): an 8 MiB model cannot fit in 10 MiB even after eviction.
    await addModel("huge", 8 * MiB);
    const refused = await requestPromotion(clock, modelId("huge"), { reason: "manual", actor: "vitest" });
    expect(refused.outcome).toBe("refused");
    if (refused.outcome === "refused") {
      expect(refused.admission.numbers).toEqual({ capacityBytes: 10 * MiB, committedBytes: 6 * MiB, modelBytes: 8 * MiB, evictableBytes: 2 * MiB });
      expect(refused.move.status).toBe("refused");
    }
    expect(await stateOf(modelId("incoming"))).toBe("hot");
    expect(await stateOf(modelId("huge"))).toBe("cold");

    // The eviction policy on a tier shrunk to 4 MiB (high 3.2, low 2): only "incoming" may go; pinned and in-use stay.
    const shrunk = { ...clock, config: { ...clock.config, hotCapacityBytes: 4 * MiB } };
    const result = await runPolicy(shrunk, () => planLruEvictions(shrunk, { reason: "policy-lru", actor: "vitest" }));
    expect(result).toMatchObject({ planned: 1, demoted: 1 });
    expect(await stateOf(modelId("incoming"))).toBe("cold");
    expect(await stateOf(modelId("pinned"))).toBe("hot");
    expect(await stateOf(modelId("in-use"))).toBe("hot");
    // Nothing else may go, so a second run plans nothing although the tier is still above its high watermark.
    expect(await planLruEvictions(shrunk, { reason: "policy-lru", actor: "vitest" })).toEqual([]);
  }, 240_000);
});

describe("demotion checks the cold copy first", () => {
  test.each([
    ["missing", (key: string) => bed.deps().cold.client.send(new DeleteObjectCommand({ Bucket: bed.coldBucket, Key: key })).then(() => undefined)],
    ["short", (key: string) => bed.putCold(key, new Uint8Array(1000).fill(7))],
  ] as const)("a cold file %s: the demotion is refused and the hot copy kept", async (label, damage) => {
    const id = await addModel(`damaged-${label}`);
    const deps = at(100);
    await promote(id, deps);
    expect(await stateOf(id)).toBe("hot");
    const model = await db().model.findUniqueOrThrow({ where: { id } });
    await damage(`${model.prefix}weights.bin`);

    const asked = await requestDemotion(deps, id, { reason: "manual", actor: "vitest" });
    expect(asked.outcome).toBe("queued");
    expect(await runPendingMoves(deps, { modelIds: [id] })).toMatchObject({ refused: 1, demoted: 0 });
    expect(await stateOf(id)).toBe("hot");
    expect(await hotKeys(id)).toHaveLength(2);
    const move = await db().modelMove.findFirstOrThrow({ where: { modelId: id, kind: "demote" }, orderBy: { id: "desc" } });
    expect(move.status).toBe("refused");
    expect(move.error).toMatch(label === "missing" ? /weights\.bin is missing/ : /weights\.bin has 1000 of 2097052 bytes/);
  }, 120_000);
});
