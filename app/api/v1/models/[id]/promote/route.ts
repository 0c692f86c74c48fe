import { withBearerRole } from "@/lib/auth/guards";
import { parseParams } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { promoteModelOperation } from "@/lib/models/api-operations";
import { promoteModel } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(promoteModelOperation, await params);
  return Response.json(await promoteModel({ actor: principal, origin: originFromHeaders(request.headers) }, id), { status: 202 });
});
