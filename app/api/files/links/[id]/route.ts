import { withSessionRole } from "@/lib/auth/guards";
import { callerOf } from "@/lib/files/http";
import { listShareLinkAccesses, revokeShareLink } from "@/lib/files/share-links";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Who used the link and when (its creator or an admin). */
export const GET = withSessionRole<Context>("editor", async (request, { params, principal }) => {
  const { id } = await params;
  return Response.json({ accesses: await listShareLinkAccesses(callerOf(principal, request), id) });
});

export const DELETE = withSessionRole<Context>("editor", async (request, { params, principal }) => {
  const { id } = await params;
  return Response.json(await revokeShareLink(callerOf(principal, request), id));
});
