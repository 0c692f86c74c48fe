import { withBearerRole } from "@/lib/auth/guards";
import { parseBody, parseParams } from "@/lib/api/openapi";
import { deleteContext as deleteOperation, getContext, putContext } from "@/lib/contexts/api-operations";
import { deleteContext, readContext, writeContext } from "@/lib/contexts/service";
import { originFromHeaders } from "@/lib/http/origin";

type Context = { params: Promise<{ userId: string; conversationId: string }> };

export const PUT = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const key = parseParams(putContext, await params);
  const { context, created } = await writeContext({ actor: principal, origin: originFromHeaders(request.headers) }, key, await parseBody(putContext, request));
  return Response.json(context, { status: created ? 201 : 200 });
});

export const GET = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const key = parseParams(getContext, await params);
  const { context, tier } = await readContext({ actor: principal, origin: originFromHeaders(request.headers) }, key);
  return Response.json({ ...context, tier }, { headers: { "x-context-tier": tier, "cache-control": "no-store" } });
});

export const DELETE = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const key = parseParams(deleteOperation, await params);
  return Response.json(await deleteContext({ actor: principal, origin: originFromHeaders(request.headers) }, key));
});
