import { withBearerRole } from "@/lib/auth/guards";
import { listContexts } from "@/lib/contexts/api-operations";
import { listUserContexts } from "@/lib/contexts/service";
import { readQuery } from "@/lib/http/input";

type Context = { params: Promise<{ userId: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { userId } = listContexts.params.parse(await params);
  const page = await listUserContexts(caller, userId, readQuery(request.nextUrl, listContexts.query));
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
