import { withBearerRole } from "@/lib/auth/guards";
import { parseParams } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { collectionSchema, getCollectionOperation } from "@/lib/search/api-operations";
import { describeCollection } from "@/lib/search/service";

type Context = { params: Promise<{ name: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { name } = parseParams(getCollectionOperation, await params);
  const collection = await describeCollection({ actor: principal, origin: originFromHeaders(request.headers) }, name);
  return Response.json(collectionSchema.parse(collection), { headers: { "cache-control": "no-store" } });
});
