import { withBearerRole } from "@/lib/auth/guards";
import { abortUploadOperation } from "@/lib/files/api-operations";
import { abortUpload } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

export const DELETE = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = abortUploadOperation.params.parse(await params);
  return Response.json(await abortUpload(caller, id));
});
