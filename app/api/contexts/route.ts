import { withSessionRole } from "@/lib/auth/guards";
import { searchFiltersSchema } from "@/lib/contexts/schemas";
import { searchVisibleContexts } from "@/lib/contexts/service";

/** The console's context search: admins see everyone's contexts, everyone else their own. */
export const GET = withSessionRole("viewer", async (request, { caller }) => {
  const filters = searchFiltersSchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  const page = await searchVisibleContexts(caller, filters);
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
