"use server";

import { actionCaller, runAction } from "@/lib/auth/guards";
import { requestJobRun } from "@/lib/jobs/request-run";
import { setJobPaused } from "@/lib/settings/actions";

export async function runJobNow(name: string) {
  return runAction(async () => requestJobRun(await actionCaller(), name));
}

export async function pauseJob(name: string, paused: boolean) {
  return runAction(async () => setJobPaused(await actionCaller(), name, paused));
}
