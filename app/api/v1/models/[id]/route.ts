import { withBearerRole } from "@/lib/auth/guards";
import { parseBody, parseParams } from "@/lib/api/openapi";
import { originFromHeaders } from "@/lib/http/origin";
import { deleteModelOperation, getModelOperation, putModelOperation } from "@/lib/models/api-operations";
import { deleteModel, getModelFor, registerModelAs } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(getModelOperation, await params);
  return Response.json(await getModelFor({ actor: principal, origin: originFromHeaders(request.headers) }, id), { headers: { "cache-control": "no-store" } });
});

export const PUT = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(putModelOperation, await params);
  const body = await parseBody(putModelOperation, request);
  const { created, model } = await registerModelAs({ actor: principal, origin: originFromHeaders(request.headers) }, id, body);
  return Response.json(model, { status: created ? 201 : 200 });
});

export const DELETE = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(deleteModelOperation, await params);
  return Response.json(await deleteModel({ actor: principal, origin: originFromHeaders(request.headers) }, id));
});
