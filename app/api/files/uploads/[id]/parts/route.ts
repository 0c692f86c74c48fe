import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { listUploadedParts, MAX_PARTS_PER_SIGNING, presignUploadParts } from "@/lib/files/uploads";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The parts the store already has: a resumed upload skips them. */
export const GET = withSessionRole<Context>("editor", async (request, { params, caller }) => {
  const { id } = await params;
  return Response.json({ parts: await listUploadedParts(caller, id) });
});

/** Signs a window of parts. */
export const POST = withSessionRole<Context>("editor", async (request, { params, caller }) => {
  const { id } = await params;
  const { partNumbers } = await readJsonBody(request, { schema: z.object({ partNumbers: z.array(z.number().int()).min(1).max(MAX_PARTS_PER_SIGNING) }) });
  return Response.json({ urls: await presignUploadParts(caller, id, partNumbers) }, { headers: { "cache-control": "no-store" } });
});
