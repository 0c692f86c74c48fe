import { withBearerRole } from "@/lib/auth/guards";
import { parseParams } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { pinModelOperation, unpinModelOperation } from "@/lib/models/api-operations";
import { pinModel } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const PUT = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(pinModelOperation, await params);
  return Response.json(await pinModel({ actor: principal, origin: originFromHeaders(request.headers) }, id, true));
});

export const DELETE = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(unpinModelOperation, await params);
  return Response.json(await pinModel({ actor: principal, origin: originFromHeaders(request.headers) }, id, false));
});
