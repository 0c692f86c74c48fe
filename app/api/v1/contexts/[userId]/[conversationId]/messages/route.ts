import { withBearerRole } from "@/lib/auth/guards";
import { appendMessages } from "@/lib/contexts/api-operations";
import { appendToContext } from "@/lib/contexts/service";
import { readJsonBody } from "@/lib/http/input";

type Context = { params: Promise<{ userId: string; conversationId: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const key = appendMessages.params.parse(await params);
  const { created, ...result } = await appendToContext(caller, key, await readJsonBody(request, appendMessages.body));
  return Response.json(result, { status: created ? 201 : 200 });
});
