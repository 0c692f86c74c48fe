import { withSessionRole } from "@/lib/auth/guards";
import { callerOf, jsonBody } from "@/lib/files/http";
import { createShareLink, createShareLinkSchema, listShareLinks } from "@/lib/files/share-links";

export const dynamic = "force-dynamic";

/** The caller's share links (`?scope=all`: everyone's, admins only). */
export const GET = withSessionRole("editor", async (request, { principal }) =>
  Response.json({ links: await listShareLinks(callerOf(principal, request), Object.fromEntries(request.nextUrl.searchParams)) }),
);

/** Creates a link; its URL (with the token) is in this answer only. */
export const POST = withSessionRole("editor", async (request, { principal }) => {
  const body = await jsonBody(request, createShareLinkSchema);
  return Response.json(await createShareLink(callerOf(principal, request), body), { status: 201, headers: { "cache-control": "no-store" } });
});
