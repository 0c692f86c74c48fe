import { withSessionRole } from "@/lib/auth/guards";
import { deleteObjects, deleteRequestSchema } from "@/lib/files/delete-objects";
import { readJsonBody } from "@/lib/http/input";

type Context = { params: Promise<{ bucket: string }> };

/** Bulk delete (a POST, since DELETE bodies are not reliably carried): answers with the per-key failures. */
export const POST = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = await params;
  const body = await readJsonBody(request, { schema: deleteRequestSchema, maxBytes: 4 * 1024 * 1024 });
  return Response.json(await deleteObjects(caller, bucket, body));
});
