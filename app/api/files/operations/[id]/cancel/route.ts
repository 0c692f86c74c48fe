import { withSessionRole } from "@/lib/auth/guards";
import { operationIdParamsSchema } from "@/lib/files/operation-schemas";
import { cancelOperation } from "@/lib/files/operations";

type Context = { params: Promise<{ id: string }> };

export const POST = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = operationIdParamsSchema.parse(await params);
  return Response.json(await cancelOperation(caller, id));
});
