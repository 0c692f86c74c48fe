import { withSessionRole } from "@/lib/auth/guards";
import { abortUpload } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

/** Cancel: aborts the multipart upload in the store. */
export const DELETE = withSessionRole<Context>("editor", async (request, { params, caller }) => {
  const { id } = await params;
  return Response.json(await abortUpload(caller, id));
});
