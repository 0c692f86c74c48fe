import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { failUpload } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

/** The browser reports an upload it gave up on, with the reason, so the record says how it ended. */
export const POST = withSessionRole<Context>("editor", async (request, { params, caller }) => {
  const { id } = await params;
  const { reason } = await readJsonBody(request, { schema: z.object({ reason: z.string().min(1).max(2000) }) });
  return Response.json(await failUpload(caller, id, reason));
});
