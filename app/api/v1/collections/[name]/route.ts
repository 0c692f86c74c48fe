import { withBearerRole } from "@/lib/auth/guards";
import { collectionSchema, getCollectionOperation } from "@/lib/search/api-operations";
import { describeCollection } from "@/lib/search/service";

type Context = { params: Promise<{ name: string }> };

export const GET = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { name } = getCollectionOperation.params.parse(await params);
  return Response.json(collectionSchema.parse(await describeCollection(caller, name)), { headers: { "cache-control": "no-store" } });
});
