import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { CAPACITY_SETTING, parseByteSize, resetHotCapacity, setHotCapacity, withCapacity } from "@/lib/models/capacity-setting";
import { planLruEvictions, previewEviction } from "@/lib/models/moves";
import { caller, MiB, modelsTestBed } from "./support/deps";

/**
 * The hot tier's capacity as an admin sets it (PostgreSQL, over the environment's default): the eviction
 * policy and the dashboard's preview use it at once; only admins may set it; resetting goes back to the
 * environment. The models are written straight into the registry: planning reads nothing else.
 */

const bed = await modelsTestBed("capacity-setting");
const hot = async (name: string, bytes: number, pinned: boolean, minutesAgo: number) => {
  const id = `${bed.type}.${name}.v1`;
  await db().model.create({
    data: {
      id, type: bed.type, name, version: "v1", prefix: `${bed.type}/${name}/v1/`, fileCount: 1, totalBytes: BigInt(bytes), state: "hot", pinned,
      hotSince: new Date(Date.now() - 2 * 86_400_000), lastAccessAt: new Date(Date.now() - minutesAgo * 60_000),
    },
  });
  return id;
};

beforeAll(async () => {
  await db().setting.deleteMany({ where: { key: CAPACITY_SETTING } });
});
afterAll(async () => {
  await db().setting.deleteMany({ where: { key: CAPACITY_SETTING } });
  await bed.cleanup();
});

describe("hot tier capacity set by an admin", () => {
  test("sizes parse with decimal and binary units", () => {
    expect(parseByteSize("2 MiB")).toBe(2 * MiB);
    expect(parseByteSize("1.5GB")).toBe(1_500_000_000);
    expect(parseByteSize("1048576")).toBe(MiB);
    expect(parseByteSize("500 GiB")).toBe(500 * 1024 ** 3);
    expect(parseByteSize("lots")).toBeNull();
    expect(parseByteSize("5 parsecs")).toBeNull();
  });

  test("overrides the environment for the eviction policy and the preview, admins only; reset goes back", async () => {
    const pinned = await hot("pinned", 3 * MiB, true, 120);
    const old = await hot("old", 3 * MiB, false, 180);
    const recent = await hot("recent", 3 * MiB, false, 90);
    const deps = bed.deps();
    // The environment's capacity (the default, far above 9 MiB): nothing to evict.
    expect((await previewEviction(deps)).aboveHigh).toBe(false);
    expect(await planLruEvictions(deps, { reason: "policy-lru", actor: "vitest" })).toEqual([]);

    for (const role of ["viewer", "editor"] as const) {
      await expect(setHotCapacity(caller(role), { capacityBytes: 8 * MiB, highWatermarkPercent: 90, lowWatermarkPercent: 50 }, deps)).rejects.toMatchObject({ status: 403 });
    }
    await expect(setHotCapacity(caller("admin"), { capacityBytes: 8 * MiB, highWatermarkPercent: 40, lowWatermarkPercent: 60 }, deps)).rejects.toMatchObject({ status: 400 });
    await setHotCapacity(caller("admin"), { capacityBytes: 8 * MiB, highWatermarkPercent: 90, lowWatermarkPercent: 50 }, deps);
    const effective = await withCapacity(deps, db());
    expect(effective.config.hotCapacityBytes).toBe(8 * MiB);
    expect(effective.capacitySource).toMatchObject({ source: "setting", updatedBy: "test-models-admin" });

    // 9 MiB hot > 7.2 MiB high watermark: down to 4 MiB, least recently used first, never the pinned one.
    const preview = await previewEviction(deps);
    expect(preview.aboveHigh).toBe(true);
    expect(preview.wouldTake.map((c) => c.id)).toEqual([old, recent]);
    const planned = await planLruEvictions(deps, { reason: "policy-lru", actor: "vitest" });
    expect(planned).toHaveLength(2);
    const states = Object.fromEntries((await db().model.findMany({ where: { id: { in: [pinned, old, recent] } } })).map((m) => [m.id, m.state]));
    expect(states).toEqual({ [pinned]: "hot", [old]: "demoting", [recent]: "demoting" });
    const audit = await db().auditEvent.findFirst({ where: { action: "models.capacity.update", outcome: "success" }, orderBy: { id: "desc" } });
    expect(audit?.details).toMatchObject({ capacityBytes: 8 * MiB });

    expect(await resetHotCapacity(caller("admin"), deps)).toEqual({ reset: true });
    expect((await withCapacity(deps, db())).capacitySource.source).toBe("environment");
  });
});
