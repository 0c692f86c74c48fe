import { withSessionRole } from "@/lib/auth/guards";
import { requestUsageRefresh } from "@/lib/files/bucket-usage";

/** Queues a recount of every bucket's usage. */
export const POST = withSessionRole("viewer", async (request, { caller }) =>
  Response.json(await requestUsageRefresh(caller), { status: 202 }),
);
