import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";
import { notFound } from "@/lib/http/errors";
import { enqueueJob } from "./queue";
import { findJob } from "./registry";

/** An admin asks for a job to run now; the worker picks it up and records the run. */
export function requestJobRun(caller: Caller, name: string): Promise<{ queuedId: string }> {
  return mutate(
    caller,
    { role: "admin", action: "jobs.run", target: `job:${name}` },
    async () => {
      const job = findJob(name);
      if (!job) throw notFound(`There is no job named "${name}".`);
      return { queuedId: await enqueueJob(job, caller.actor.username) };
    },
    ({ queuedId }) => ({ queuedId }),
  );
}
