import { withBearerRole } from "@/lib/auth/guards";
import { parseBody } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { collectionSchema, createCollectionOperation, operationSchema } from "@/lib/search/api-operations";
import { createCollection, describeCollection, listCollections } from "@/lib/search/service";

export const GET = withBearerRole("viewer", async (request, { principal }) => {
  const collections = await listCollections({ actor: principal, origin: originFromHeaders(request.headers) });
  return Response.json({ collections: collections.map((c) => collectionSchema.parse(c)) }, { headers: { "cache-control": "no-store" } });
});

export const POST = withBearerRole("viewer", async (request, { principal }) => {
  const caller = { actor: principal, origin: originFromHeaders(request.headers) };
  const { collection, operation } = await createCollection(caller, await parseBody(createCollectionOperation, request), "api");
  const summary = await describeCollection(caller, collection.name);
  return Response.json({ collection: collectionSchema.parse(summary), operation: operationSchema.parse(operation) }, { status: 201 });
});
