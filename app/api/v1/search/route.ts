import { withBearerRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { searchOperation } from "@/lib/search/api-operations";
import { searchCollections } from "@/lib/search/service";

export const runtime = "nodejs";

export const POST = withBearerRole("viewer", async (request, { caller }) => {
  return Response.json(await searchCollections(caller, await readJsonBody(request, searchOperation.body)), { headers: { "cache-control": "no-store" } });
});
