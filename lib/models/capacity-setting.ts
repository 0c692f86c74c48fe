import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";
import { badRequest } from "@/lib/http/errors";
import type { ModelDeps } from "./deps";

/**
 * The hot tier's capacity and watermarks, as admins set them on the dashboard: stored in PostgreSQL (the
 * `settings` table, key `models.hot-capacity`) so every console replica and the worker's policies see the
 * same numbers at once, with the environment (MODELS_HOT_CAPACITY_BYTES, MODELS_HOT_*_WATERMARK_PERCENT) as
 * the default when no admin has set them, or after "Use the environment's". Read where capacity decides
 * something: admission of a promotion, the eviction policy's plan, the dashboard.
 */

export const CAPACITY_SETTING = "models.hot-capacity";

export const capacitySettingSchema = z
  .object({
    capacityBytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    highWatermarkPercent: z.number().min(1).max(100),
    lowWatermarkPercent: z.number().min(0).max(99),
  })
  .refine((v) => v.lowWatermarkPercent < v.highWatermarkPercent, { message: "The low watermark must be below the high one.", path: ["lowWatermarkPercent"] });
export type CapacitySetting = z.infer<typeof capacitySettingSchema>;

export type CapacitySource = { source: "setting" | "environment"; updatedBy: string | null; updatedAt: string | null };

type Db = Pick<ModelDeps["db"], "setting">;

async function stored(db: Db): Promise<{ value: CapacitySetting; updatedBy: string | null; updatedAt: Date } | null> {
  const row = await db.setting.findUnique({ where: { key: CAPACITY_SETTING } });
  if (!row) return null;
  const parsed = capacitySettingSchema.safeParse(row.value);
  // A value that no longer parses (hand edit, older release) reads as "not set" rather than breaking admission.
  return parsed.success ? { value: parsed.data, updatedBy: row.updatedBy, updatedAt: row.updatedAt } : null;
}

/** `deps` with the capacity an admin set (if any) in place of the environment's; `db` may be a transaction. */
export async function withCapacity<D extends Pick<ModelDeps, "config">>(deps: D, db: Db): Promise<D & { capacitySource: CapacitySource }> {
  const s = await stored(db);
  if (!s) return { ...deps, capacitySource: { source: "environment", updatedBy: null, updatedAt: null } };
  return {
    ...deps,
    config: { ...deps.config, hotCapacityBytes: s.value.capacityBytes, highWatermark: s.value.highWatermarkPercent / 100, lowWatermark: s.value.lowWatermarkPercent / 100 },
    capacitySource: { source: "setting", updatedBy: s.updatedBy, updatedAt: s.updatedAt.toISOString() },
  };
}

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4, pib: 1024 ** 5 };

/** "500 GiB", "1.5TB", "2 MiB", "1048576" → bytes; null when it is not a size. */
export function parseByteSize(text: string): number | null {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return null;
  const unit = UNITS[(m[2] || "b").toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** Admins set the hot tier's capacity and watermarks; audited with the old and new numbers. */
export function setHotCapacity(caller: Caller, input: unknown, deps: Pick<ModelDeps, "db">): Promise<CapacitySetting> {
  return mutate(
    caller,
    { role: "admin", action: "models.capacity.update", target: `setting:${CAPACITY_SETTING}` },
    async () => {
      const parsed = capacitySettingSchema.safeParse(input);
      if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => i.message).join(" "));
      const value = parsed.data as unknown as Prisma.InputJsonValue;
      await deps.db.setting.upsert({
        where: { key: CAPACITY_SETTING },
        create: { key: CAPACITY_SETTING, value, updatedBy: caller.actor.username },
        update: { value, updatedBy: caller.actor.username },
      });
      return parsed.data;
    },
    (v) => v,
  );
}

/** Back to the environment's capacity and watermarks. */
export function resetHotCapacity(caller: Caller, deps: Pick<ModelDeps, "db">): Promise<{ reset: boolean }> {
  return mutate(caller, { role: "admin", action: "models.capacity.reset", target: `setting:${CAPACITY_SETTING}` }, async () => {
    const { count } = await deps.db.setting.deleteMany({ where: { key: CAPACITY_SETTING } });
    return { reset: count > 0 };
  });
}
