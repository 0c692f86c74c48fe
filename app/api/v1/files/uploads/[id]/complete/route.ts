import { readJsonBody } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { completeUploadOperation } from "@/lib/files/api-operations";
import { completeUpload } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = completeUploadOperation.params.parse(await params);
  const { parts } = await readJsonBody(request, completeUploadOperation.body);
  return Response.json(await completeUpload(caller, id, parts));
});
