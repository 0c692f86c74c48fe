import { withBearerRole } from "@/lib/auth/guards";
import { readQuery } from "@/lib/http/input";
import { listModelsOperation } from "@/lib/models/api-operations";
import { listModelsFor } from "@/lib/models/service";

export const GET = withBearerRole("viewer", async (request, { caller }) => {
  const { state } = readQuery(request.nextUrl, listModelsOperation.query);
  const models = await listModelsFor(caller, { state });
  return Response.json({ models }, { headers: { "cache-control": "no-store" } });
});
