import { withBearerRole } from "@/lib/auth/guards";
import { readQuery } from "@/lib/http/input";
import { resolveModelOperation } from "@/lib/models/api-operations";
import { resolveModel } from "@/lib/models/service";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = resolveModelOperation.params.parse(await params);
  const { presign } = readQuery(request.nextUrl, resolveModelOperation.query);
  const { status, body } = await resolveModel(caller, id, { presign });
  return Response.json(body, { status, headers: { "cache-control": "no-store", "x-model-tier": body.tier } });
});
