import { withBearerRole } from "@/lib/auth/guards";
import { cancelFileOperation } from "@/lib/files/api-operations";
import { cancelOperation } from "@/lib/files/operations";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = cancelFileOperation.params.parse(await params);
  return Response.json(await cancelOperation(caller, id));
});
