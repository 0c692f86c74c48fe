import { withSessionRole } from "@/lib/auth/guards";
import { originFromHeaders } from "@/lib/http/origin";
import { collectionNameSchema } from "@/lib/search/names";
import { describeCollection } from "@/lib/search/service";

type Context = { params: Promise<{ name: string }> };

/** A collection with its running operation's progress: the detail page polls this while work runs. */
export const GET = withSessionRole<Context>("viewer", async (request, { params, principal }) => {
  const name = collectionNameSchema.parse((await params).name);
  const collection = await describeCollection({ actor: principal, origin: originFromHeaders(request.headers) }, name);
  return Response.json(collection, { headers: { "cache-control": "no-store" } });
});
