import { withBearerRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { collectionSchema, createCollectionOperation, operationSchema } from "@/lib/search/api-operations";
import { createCollection, describeCollection, listCollections } from "@/lib/search/service";

export const GET = withBearerRole("viewer", async (_request, { caller }) => {
  const collections = await listCollections(caller);
  return Response.json({ collections: collections.map((c) => collectionSchema.parse(c)) }, { headers: { "cache-control": "no-store" } });
});

export const POST = withBearerRole("viewer", async (request, { caller }) => {
  const { collection, operation } = await createCollection(caller, await readJsonBody(request, createCollectionOperation.body), "api");
  const summary = await describeCollection(caller, collection.name);
  return Response.json({ collection: collectionSchema.parse(summary), operation: operationSchema.parse(operation) }, { status: 201 });
});
