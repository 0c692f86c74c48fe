import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/errors";
import { originFromHeaders } from "@/lib/http/origin";
import { limits } from "@/lib/search/api-operations";
import { searchRequestSchema } from "@/lib/search/schemas";
import { searchCollections } from "@/lib/search/service";

export const runtime = "nodejs";

/** The console's search box: the same search as POST /api/v1/search, for a signed-in person. */
export const POST = withSessionRole("viewer", async (request, { principal }) => {
  const input = searchRequestSchema.parse(await readJsonBody(request, limits.searchBodyBytes));
  const response = await searchCollections({ actor: principal, origin: originFromHeaders(request.headers) }, input);
  return Response.json(response, { headers: { "cache-control": "no-store" } });
});
