import { headers } from "next/headers";
import { recordAudit } from "@/lib/audit/record";
import { requireActionRole } from "@/lib/auth/guards";
import { notFound } from "@/lib/http/errors";
import { originFromHeaders } from "@/lib/http/origin";
import { enqueueJob } from "./queue";
import { findJob } from "./registry";

/** An admin asks for a job to run now; the worker picks it up and records the run. */
export async function requestJobRun(name: string): Promise<{ queuedId: string }> {
  const user = await requireActionRole("admin", "jobs.run");
  const job = findJob(name);
  if (!job) throw notFound(`There is no job named "${name}".`);
  const origin = originFromHeaders(await headers());
  try {
    const queuedId = await enqueueJob(job, user.username);
    await recordAudit({ actor: user, action: "jobs.run", target: `job:${job.name}`, outcome: "success", origin, details: { queuedId } });
    return { queuedId };
  } catch (error) {
    await recordAudit({ actor: user, action: "jobs.run", target: `job:${job.name}`, outcome: "failure", origin });
    throw error;
  }
}
