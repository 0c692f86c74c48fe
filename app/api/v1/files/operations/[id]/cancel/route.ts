import { parseParams } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { cancelFileOperation } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { cancelOperation } from "@/lib/files/operations";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(cancelFileOperation, await params);
  return Response.json(await cancelOperation(callerOf(principal, request), id));
});
