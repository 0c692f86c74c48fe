import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { createShareLink, createShareLinkSchema, deleteInactiveShareLinks, listShareLinks } from "@/lib/files/share-links";

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

/** Removes the caller's (`?scope=all`: everyone's, admins only) revoked, expired and used-up links. */
export const DELETE = withSessionRole("editor", async (request, { caller }) => {
  const { scope } = z.object({ scope: z.enum(["mine", "all"]).default("mine") }).parse(Object.fromEntries(request.nextUrl.searchParams));
  return Response.json(await deleteInactiveShareLinks(caller, scope));
});
