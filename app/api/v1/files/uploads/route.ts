import { parseBody } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { startUploadOperation } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { startUpload } from "@/lib/files/uploads";

export const POST = withBearerRole("viewer", async (request, { principal }) => {
  const started = await startUpload(callerOf(principal, request), await parseBody(startUploadOperation, request));
  return Response.json(started, { status: 201, headers: { "cache-control": "no-store" } });
});
