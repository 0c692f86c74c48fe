import { withSessionRole } from "@/lib/auth/guards";
import { deleteObjects, deleteRequestSchema } from "@/lib/files/delete-objects";
import { callerOf, jsonBody } from "@/lib/files/http";

type Context = { params: Promise<{ bucket: string }> };

/** Bulk delete (a POST, since DELETE bodies are not reliably carried): answers with the per-key failures. */
export const POST = withSessionRole<Context>("editor", async (request, { params, principal }) => {
  const { bucket } = await params;
  const body = await jsonBody(request, deleteRequestSchema, 4 * 1024 * 1024);
  return Response.json(await deleteObjects(callerOf(principal, request), bucket, body));
});
