import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { startOperationSchema, listOperationsQuerySchema } from "@/lib/files/operation-schemas";
import { listOperations, startOperation } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

/** Starts a folder operation (copy, move, delete, zip) as a job; the console polls it with GET. */
export const POST = withSessionRole("viewer", async (request, { caller }) => {
  const operation = await startOperation(caller, await readJsonBody(request, { schema: startOperationSchema, maxBytes: 1024 * 1024 }));
  return Response.json(operation, { status: 202 });
});

export const GET = withSessionRole("viewer", async (request, { caller }) => {
  const query = listOperationsQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return Response.json({ items: await listOperations(caller, query) }, { headers: { "cache-control": "no-store" } });
});
