import { withBearerRole } from "@/lib/auth/guards";
import { parseParams } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { operationSchema, syncCollectionOperation } from "@/lib/search/api-operations";
import { syncCollection } from "@/lib/search/service";

type Context = { params: Promise<{ name: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { name } = parseParams(syncCollectionOperation, await params);
  const { operation, existing } = await syncCollection({ actor: principal, origin: originFromHeaders(request.headers) }, name, "api");
  return Response.json({ operation: operationSchema.parse(operation), existing }, { status: 202 });
});
