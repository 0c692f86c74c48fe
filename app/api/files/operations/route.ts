import { withSessionRole } from "@/lib/auth/guards";
import { callerOf, jsonBody } from "@/lib/files/http";
import { startOperationSchema, listOperationsQuerySchema } from "@/lib/files/operation-schemas";
import { listOperations, startOperation } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

/** Starts a folder operation (copy, move, delete, zip) as a job; the console polls it with GET. */
export const POST = withSessionRole("viewer", async (request, { principal }) => {
  const operation = await startOperation(callerOf(principal, request), await jsonBody(request, startOperationSchema, 1024 * 1024));
  return Response.json(operation, { status: 202 });
});

export const GET = withSessionRole("viewer", async (request, { principal }) => {
  const query = listOperationsQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return Response.json({ items: await listOperations(callerOf(principal, request), query) }, { headers: { "cache-control": "no-store" } });
});
