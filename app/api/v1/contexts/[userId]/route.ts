import { withBearerRole } from "@/lib/auth/guards";
import { parseParams, parseQuery } from "@/lib/api/openapi";
import { listContexts } from "@/lib/contexts/api-operations";
import { listUserContexts } from "@/lib/contexts/service";
import { originFromHeaders } from "@/lib/http/origin";

type Context = { params: Promise<{ userId: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { userId } = parseParams(listContexts, await params);
  const page = await listUserContexts({ actor: principal, origin: originFromHeaders(request.headers) }, userId, parseQuery(listContexts, request.nextUrl));
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
