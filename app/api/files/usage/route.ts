import { withSessionRole } from "@/lib/auth/guards";
import { requestUsageRefresh } from "@/lib/files/bucket-usage";
import { callerOf } from "@/lib/files/http";

/** Queues a recount of every bucket's usage. */
export const POST = withSessionRole("admin", async (request, { principal }) =>
  Response.json(await requestUsageRefresh(callerOf(principal, request)), { status: 202 }),
);
