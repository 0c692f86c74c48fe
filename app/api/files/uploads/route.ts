import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { listUploads, startUpload, startUploadSchema } from "@/lib/files/uploads";

export const dynamic = "force-dynamic";

/** The caller's uploads (`?scope=all`: everyone's, admins only), newest first. */
export const GET = withSessionRole("viewer", async (request, { caller }) =>
  Response.json({ uploads: await listUploads(caller, Object.fromEntries(request.nextUrl.searchParams)) }),
);

/** Starts an upload: every check happens here, before any URL is signed. */
export const POST = withSessionRole("viewer", async (request, { caller }) => {
  const body = await readJsonBody(request, { schema: startUploadSchema });
  return Response.json(await startUpload(caller, body), { status: 201 });
});
