import { withBearerRole } from "@/lib/auth/guards";
import { promoteModelOperation } from "@/lib/models/api-operations";
import { promoteModel } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = promoteModelOperation.params.parse(await params);
  return Response.json(await promoteModel(caller, id), { status: 202 });
});
