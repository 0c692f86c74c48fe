import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { transferObjects, transferRequestSchema } from "@/lib/files/transfer-objects";

/** Copy or move (rename) files and folders, server-side. */
export const POST = withSessionRole("viewer", async (request, { caller }) => {
  const body = await readJsonBody(request, { schema: transferRequestSchema, maxBytes: 2 * 1024 * 1024 });
  return Response.json(await transferObjects(caller, body));
});
