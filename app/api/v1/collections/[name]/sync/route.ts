import { withBearerRole } from "@/lib/auth/guards";
import { operationSchema, syncCollectionOperation } from "@/lib/search/api-operations";
import { syncCollection } from "@/lib/search/service";

type Context = { params: Promise<{ name: string }> };

export const POST = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { name } = syncCollectionOperation.params.parse(await params);
  const { operation, existing } = await syncCollection(caller, name, "api");
  return Response.json({ operation: operationSchema.parse(operation), existing }, { status: 202 });
});
