import { withBearerRole } from "@/lib/auth/guards";
import { deleteContext as deleteOperation, getContext, putContext } from "@/lib/contexts/api-operations";
import { deleteContext, readContext, writeContext } from "@/lib/contexts/service";
import { readJsonBody } from "@/lib/http/input";

type Context = { params: Promise<{ userId: string; conversationId: string }> };

export const PUT = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const key = putContext.params.parse(await params);
  const { context, created } = await writeContext(caller, key, await readJsonBody(request, putContext.body));
  return Response.json(context, { status: created ? 201 : 200 });
});

export const GET = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const key = getContext.params.parse(await params);
  const { context, tier } = await readContext(caller, key);
  return Response.json({ ...context, tier }, { headers: { "x-context-tier": tier, "cache-control": "no-store" } });
});

export const DELETE = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const key = deleteOperation.params.parse(await params);
  return Response.json(await deleteContext(caller, key));
});
