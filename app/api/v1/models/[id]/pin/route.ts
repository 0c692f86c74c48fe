import { withBearerRole } from "@/lib/auth/guards";
import { pinModelOperation, unpinModelOperation } from "@/lib/models/api-operations";
import { pinModel } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const PUT = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = pinModelOperation.params.parse(await params);
  return Response.json(await pinModel(caller, id, true));
});

export const DELETE = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = unpinModelOperation.params.parse(await params);
  return Response.json(await pinModel(caller, id, false));
});
