import { withSessionRole } from "@/lib/auth/guards";
import { countsAsAccess } from "@/lib/outputs/counting";
import { outputRedirect } from "@/lib/outputs/redirect";
import { idParamsSchema } from "@/lib/outputs/schemas";
import * as outputs from "@/lib/outputs/service";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The short link to an output for signed-in people: counts the access and opens the hot (else cold) copy. */
export const GET = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = idParamsSchema.parse(await params);
  return outputRedirect(await outputs.downloadOutput(caller, id, { disposition: "inline", count: countsAsAccess(request.headers) }));
});

/** Link checkers and previews ask with HEAD: whether it may be opened, never counted. */
export const HEAD = withSessionRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = idParamsSchema.parse(await params);
  await outputs.getOutput(caller, id);
  return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
});
