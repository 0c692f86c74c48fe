import { withBearerRole } from "@/lib/auth/guards";
import { parseBody } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { searchOperation } from "@/lib/search/api-operations";
import { searchCollections } from "@/lib/search/service";

export const runtime = "nodejs";

export const POST = withBearerRole("viewer", async (request, { principal }) => {
  const response = await searchCollections({ actor: principal, origin: originFromHeaders(request.headers) }, await parseBody(searchOperation, request));
  return Response.json(response, { headers: { "cache-control": "no-store" } });
});
