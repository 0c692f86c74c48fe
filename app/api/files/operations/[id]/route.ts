import { withSessionRole } from "@/lib/auth/guards";
import { operationIdParamsSchema } from "@/lib/files/operation-schemas";
import { getOperation } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = operationIdParamsSchema.parse(await params);
  return Response.json(await getOperation(caller, id), { headers: { "cache-control": "no-store" } });
});
