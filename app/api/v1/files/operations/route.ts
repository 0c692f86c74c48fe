import { readJsonBody, readQuery } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { listFileOperations, startFileOperation } from "@/lib/files/api-operations";
import { listOperations, startOperation } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

export const POST = withBearerRole("viewer", async (request, { caller }) => {
  const operation = await startOperation(caller, await readJsonBody(request, startFileOperation.body));
  return Response.json(operation, { status: 202, headers: { location: `operations/${operation.id}` } });
});

export const GET = withBearerRole("viewer", async (request, { caller }) => {
  const items = await listOperations(caller, readQuery(request.nextUrl, listFileOperations.query));
  return Response.json({ items }, { headers: { "cache-control": "no-store" } });
});
