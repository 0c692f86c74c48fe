import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { createShareLink, createShareLinkSchema, listShareLinks } from "@/lib/files/share-links";

export const dynamic = "force-dynamic";

/** The caller's share links (`?scope=all`: everyone's, admins only). */
export const GET = withSessionRole("editor", async (request, { caller }) =>
  Response.json({ links: await listShareLinks(caller, Object.fromEntries(request.nextUrl.searchParams)) }),
);

/** Creates a link; its URL (with the token) is in this answer only. */
export const POST = withSessionRole("editor", async (request, { caller }) => {
  const body = await readJsonBody(request, { schema: createShareLinkSchema });
  return Response.json(await createShareLink(caller, body), { status: 201, headers: { "cache-control": "no-store" } });
});
