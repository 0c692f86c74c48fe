import { withSessionRole } from "@/lib/auth/guards";
import { collectionNameSchema } from "@/lib/search/names";
import { describeCollection } from "@/lib/search/service";

type Context = { params: Promise<{ name: string }> };

/** A collection with its running operation's progress: the detail page polls this while work runs. */
export const GET = withSessionRole<Context>("viewer", async (_request, { params, caller }) => {
  const collection = await describeCollection(caller, collectionNameSchema.parse((await params).name));
  return Response.json(collection, { headers: { "cache-control": "no-store" } });
});
