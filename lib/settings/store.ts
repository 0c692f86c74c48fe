import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";

/**
 * Settings admins change at run time, stored in PostgreSQL so every replica and the worker see the same
 * values. Each key has a schema; a stored value that no longer parses (older release, hand edit) reads as
 * the default rather than breaking pages.
 */
export const settingSchemas = {
  /** Shown at the top of every page while set, e.g. before maintenance. */
  "console.banner": z.string().trim().max(500).default(""),
  /** Scheduled jobs that are paused: their schedule fires but they do not run. On-demand runs still work. */
  "jobs.paused": z.array(z.string().regex(/^[a-z0-9-]+$/)).max(100).default([]),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingSchemas)[K]>;

export async function getSetting<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
  const row = await db().setting.findUnique({ where: { key } });
  const schema = settingSchemas[key];
  const parsed = schema.safeParse(row?.value ?? undefined);
  return (parsed.success ? parsed.data : schema.parse(undefined)) as SettingValue<K>;
}

/** Validates and stores a value; throws the zod error (a 400 for callers) when it does not fit. */
export async function setSetting<K extends SettingKey>(key: K, value: unknown, updatedBy: string): Promise<SettingValue<K>> {
  const parsed = settingSchemas[key].parse(value) as SettingValue<K>;
  const json = parsed as Prisma.InputJsonValue;
  await db().setting.upsert({
    where: { key },
    create: { key, value: json, updatedBy },
    update: { value: json, updatedBy },
  });
  return parsed;
}
