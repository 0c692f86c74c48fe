import { parseParams } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { abortUploadOperation } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { abortUpload } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

export const DELETE = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(abortUploadOperation, await params);
  return Response.json(await abortUpload(callerOf(principal, request), id));
});
