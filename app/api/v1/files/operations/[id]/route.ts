import { parseParams } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { getFileOperation } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { getOperation } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(getFileOperation, await params);
  return Response.json(await getOperation(callerOf(principal, request), id), { headers: { "cache-control": "no-store" } });
});
