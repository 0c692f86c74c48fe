import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { searchOperation } from "@/lib/search/api-operations";
import { searchCollections } from "@/lib/search/service";

export const runtime = "nodejs";

/** The console's search box: the same search as POST /api/v1/search, for a signed-in person. */
export const POST = withSessionRole("viewer", async (request, { caller }) => {
  return Response.json(await searchCollections(caller, await readJsonBody(request, searchOperation.body)), { headers: { "cache-control": "no-store" } });
});
