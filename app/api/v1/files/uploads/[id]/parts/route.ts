import { parseBody, parseParams } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { listUploadParts, signUploadParts } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { listUploadedParts, presignUploadParts } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(signUploadParts, await params);
  const { partNumbers } = await parseBody(signUploadParts, request);
  return Response.json({ urls: await presignUploadParts(callerOf(principal, request), id, partNumbers) }, { headers: { "cache-control": "no-store" } });
});

export const GET = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(listUploadParts, await params);
  return Response.json({ parts: await listUploadedParts(callerOf(principal, request), id) }, { headers: { "cache-control": "no-store" } });
});
