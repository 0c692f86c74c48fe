import { withBearerRole } from "@/lib/auth/guards";
import { parseParams } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { demoteModelOperation } from "@/lib/models/api-operations";
import { demoteModel } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(demoteModelOperation, await params);
  return Response.json(await demoteModel({ actor: principal, origin: originFromHeaders(request.headers) }, id), { status: 202 });
});
