import { withBearerRole } from "@/lib/auth/guards";
import { parseBody, parseParams } from "@/lib/api/openapi";
import { appendMessages } from "@/lib/contexts/api-operations";
import { appendToContext } from "@/lib/contexts/service";
import { originFromHeaders } from "@/lib/http/origin";

type Context = { params: Promise<{ userId: string; conversationId: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const key = parseParams(appendMessages, await params);
  const { created, ...result } = await appendToContext({ actor: principal, origin: originFromHeaders(request.headers) }, key, await parseBody(appendMessages, request));
  return Response.json(result, { status: created ? 201 : 200 });
});
