import { withBearerRole } from "@/lib/auth/guards";
import { parseParams, parseQuery } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { resolveModelOperation } from "@/lib/models/api-operations";
import { resolveModel } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(resolveModelOperation, await params);
  const { presign } = parseQuery(resolveModelOperation, request.nextUrl);
  const { status, body } = await resolveModel({ actor: principal, origin: originFromHeaders(request.headers) }, id, { presign });
  return Response.json(body, { status, headers: { "cache-control": "no-store", "x-model-tier": body.tier } });
});
