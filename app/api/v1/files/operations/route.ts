import { parseBody, parseQuery } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { listFileOperations, startFileOperation } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { listOperations, startOperation } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

export const POST = withBearerRole("viewer", async (request, { principal }) => {
  const operation = await startOperation(callerOf(principal, request), await parseBody(startFileOperation, request));
  return Response.json(operation, { status: 202, headers: { location: `operations/${operation.id}` } });
});

export const GET = withBearerRole("viewer", async (request, { principal }) => {
  const items = await listOperations(callerOf(principal, request), parseQuery(listFileOperations, request.nextUrl));
  return Response.json({ items }, { headers: { "cache-control": "no-store" } });
});
