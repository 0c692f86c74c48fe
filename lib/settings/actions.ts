import type { Caller } from "@/lib/auth/caller";
import { refuseUnlessRole } from "@/lib/audit/refuse";
import { mutate } from "@/lib/auth/mutate";
import { notFound } from "@/lib/http/errors";
import { findJob } from "@/lib/jobs/registry";
import { getSetting, setSetting } from "./store";

/** The admin operations on settings, each authorised and audited. */

export async function updateBanner(caller: Caller, text: unknown): Promise<string> {
  const operation = { role: "admin", action: "settings.banner.update", target: "setting:console.banner" } as const;
  // A refusal records the text someone tried to show everyone (cut to the setting's own limit).
  await refuseUnlessRole(caller, operation, { value: typeof text === "string" ? text.slice(0, 500) : null });
  return mutate(caller, operation, () => setSetting("console.banner", text, caller.actor.username), (value) => ({ value }));
}

export function setJobPaused(caller: Caller, name: string, paused: boolean): Promise<string[]> {
  return mutate(caller, { role: "admin", action: paused ? "jobs.pause" : "jobs.resume", target: `job:${name}` }, async () => {
    if (!findJob(name)) throw notFound(`There is no job named "${name}".`);
    const current = await getSetting("jobs.paused");
    const next = paused ? [...new Set([...current, name])].sort() : current.filter((n) => n !== name);
    return setSetting("jobs.paused", next, caller.actor.username);
  });
}
