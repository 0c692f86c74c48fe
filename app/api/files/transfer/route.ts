import { withSessionRole } from "@/lib/auth/guards";
import { callerOf, jsonBody } from "@/lib/files/http";
import { transferObjects, transferRequestSchema } from "@/lib/files/transfer-objects";

/** Copy or move (rename) files and folders, server-side. */
export const POST = withSessionRole("editor", async (request, { principal }) => {
  const body = await jsonBody(request, transferRequestSchema, 2 * 1024 * 1024);
  return Response.json(await transferObjects(callerOf(principal, request), body));
});
