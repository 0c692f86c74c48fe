import { withBearerRole } from "@/lib/auth/guards";
import { getFileOperation } from "@/lib/files/api-operations";
import { getOperation } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = getFileOperation.params.parse(await params);
  return Response.json(await getOperation(caller, id), { headers: { "cache-control": "no-store" } });
});
