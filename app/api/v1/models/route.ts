import { withBearerRole } from "@/lib/auth/guards";
import { readQuery } from "@/lib/http/input";
import { listModelsOperation } from "@/lib/models/api-operations";
import { listModelsFor } from "@/lib/models/service";

export const GET = withBearerRole("viewer", async (request, { caller }) => {
  const { state, sort, desc, limit, cursor } = readQuery(request.nextUrl, listModelsOperation.query);
  const page = await listModelsFor(caller, { state, sort, desc, limit }, cursor);
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
