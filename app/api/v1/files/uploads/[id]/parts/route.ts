import { readJsonBody } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { listUploadParts, signUploadParts } from "@/lib/files/api-operations";
import { listUploadedParts, presignUploadParts } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = signUploadParts.params.parse(await params);
  const { partNumbers } = await readJsonBody(request, signUploadParts.body);
  return Response.json({ urls: await presignUploadParts(caller, id, partNumbers) }, { headers: { "cache-control": "no-store" } });
});

export const GET = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = listUploadParts.params.parse(await params);
  return Response.json({ parts: await listUploadedParts(caller, id) }, { headers: { "cache-control": "no-store" } });
});
