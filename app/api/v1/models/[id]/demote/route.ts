import { withBearerRole } from "@/lib/auth/guards";
import { demoteModelOperation } from "@/lib/models/api-operations";
import { demoteModel } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = demoteModelOperation.params.parse(await params);
  return Response.json(await demoteModel(caller, id), { status: 202 });
});
