import { withBearerRole } from "@/lib/auth/guards";
import { parseQuery } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { listModelsOperation } from "@/lib/models/api-operations";
import { listModelsFor } from "@/lib/models/service";

export const GET = withBearerRole("viewer", async (request, { principal }) => {
  const { state } = parseQuery(listModelsOperation, request.nextUrl);
  const models = await listModelsFor({ actor: principal, origin: originFromHeaders(request.headers) }, { state });
  return Response.json({ models }, { headers: { "cache-control": "no-store" } });
});
