"use server";

import { runAction } from "@/lib/auth/guards";
import { requestJobRun } from "@/lib/jobs/request-run";
import { setJobPaused } from "@/lib/settings/actions";

export async function runJobNow(name: string) {
  return runAction(() => requestJobRun(name));
}

export async function pauseJob(name: string, paused: boolean) {
  return runAction(() => setJobPaused(name, paused));
}
