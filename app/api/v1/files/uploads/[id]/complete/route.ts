import { parseBody, parseParams } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { completeUploadOperation } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { completeUpload } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(completeUploadOperation, await params);
  const { parts } = await parseBody(completeUploadOperation, request);
  return Response.json(await completeUpload(callerOf(principal, request), id, parts));
});
