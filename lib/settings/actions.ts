import { headers } from "next/headers";
import { recordAudit } from "@/lib/audit/record";
import { requireActionRole } from "@/lib/auth/guards";
import { notFound } from "@/lib/http/errors";
import { originFromHeaders } from "@/lib/http/origin";
import { findJob } from "@/lib/jobs/registry";
import { getSetting, setSetting } from "./store";

/** The admin operations on settings, each authorised and audited. */

export async function updateBanner(text: unknown): Promise<string> {
  const user = await requireActionRole("admin", "settings.banner.update");
  const value = await setSetting("console.banner", text, user.username);
  await recordAudit({
    actor: user,
    action: "settings.banner.update",
    target: "setting:console.banner",
    outcome: "success",
    origin: originFromHeaders(await headers()),
    details: { value },
  });
  return value;
}

export async function setJobPaused(name: string, paused: boolean): Promise<string[]> {
  const user = await requireActionRole("admin", "jobs.pause");
  const job = findJob(name);
  if (!job) throw notFound(`There is no job named "${name}".`);
  const current = await getSetting("jobs.paused");
  const next = paused ? [...new Set([...current, name])].sort() : current.filter((n) => n !== name);
  const stored = await setSetting("jobs.paused", next, user.username);
  await recordAudit({
    actor: user,
    action: paused ? "jobs.pause" : "jobs.resume",
    target: `job:${name}`,
    outcome: "success",
    origin: originFromHeaders(await headers()),
  });
  return stored;
}
