import { withSessionRole } from "@/lib/auth/guards";
import { callerOf } from "@/lib/files/http";
import { abortUpload } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

/** Cancel: aborts the multipart upload in the store. */
export const DELETE = withSessionRole<Context>("editor", async (request, { params, principal }) => {
  const { id } = await params;
  return Response.json(await abortUpload(callerOf(principal, request), id));
});
