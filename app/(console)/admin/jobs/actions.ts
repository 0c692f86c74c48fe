"use server";

import { runAction } from "@/lib/auth/guards";
import { requestJobRun } from "@/lib/jobs/request-run";

export async function runJobNow(name: string) {
  return runAction(() => requestJobRun(name));
}
