import { withBearerRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { deleteModelOperation, getModelOperation, putModelOperation } from "@/lib/models/api-operations";
import { deleteModel, getModelFor, registerModelAs } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const GET = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = getModelOperation.params.parse(await params);
  return Response.json(await getModelFor(caller, id), { headers: { "cache-control": "no-store" } });
});

export const PUT = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = putModelOperation.params.parse(await params);
  const body = await readJsonBody(request, putModelOperation.body);
  const { created, model } = await registerModelAs(caller, id, body);
  return Response.json(model, { status: created ? 201 : 200 });
});

export const DELETE = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = deleteModelOperation.params.parse(await params);
  return Response.json(await deleteModel(caller, id));
});
