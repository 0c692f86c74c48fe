import { withSessionRole } from "@/lib/auth/guards";
import { listShareLinkAccesses, revokeShareLink } from "@/lib/files/share-links";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Who used the link and when (its creator or an admin). */
export const GET = withSessionRole<Context>("editor", async (request, { params, caller }) => {
  const { id } = await params;
  return Response.json({ accesses: await listShareLinkAccesses(caller, id) });
});

export const DELETE = withSessionRole<Context>("editor", async (request, { params, caller }) => {
  const { id } = await params;
  return Response.json(await revokeShareLink(caller, id));
});
