import { parseBody, parseParams } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { deleteObjectsOperation } from "@/lib/files/api-operations";
import { deleteObjects } from "@/lib/files/delete-objects";
import { callerOf } from "@/lib/files/http";

type Context = { params: Promise<{ bucket: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { bucket } = parseParams(deleteObjectsOperation, await params);
  return Response.json(await deleteObjects(callerOf(principal, request), bucket, await parseBody(deleteObjectsOperation, request)));
});
