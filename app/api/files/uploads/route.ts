import { withSessionRole } from "@/lib/auth/guards";
import { callerOf, jsonBody } from "@/lib/files/http";
import { listUploads, startUpload, startUploadSchema } from "@/lib/files/uploads";

export const dynamic = "force-dynamic";

/** The caller's uploads (`?scope=all`: everyone's, admins only), newest first. */
export const GET = withSessionRole("viewer", async (request, { principal }) =>
  Response.json({ uploads: await listUploads(callerOf(principal, request), Object.fromEntries(request.nextUrl.searchParams)) }),
);

/** Starts an upload: every check happens here, before any URL is signed. */
export const POST = withSessionRole("editor", async (request, { principal }) => {
  const body = await jsonBody(request, startUploadSchema);
  return Response.json(await startUpload(callerOf(principal, request), body), { status: 201 });
});
