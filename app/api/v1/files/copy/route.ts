import { parseBody } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { copyObjectsOperation } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { transferObjects } from "@/lib/files/transfer-objects";

export const POST = withBearerRole("viewer", async (request, { principal }) => {
  const body = await parseBody(copyObjectsOperation, request);
  return Response.json(await transferObjects(callerOf(principal, request), { mode: "copy", ...body }));
});
