import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { completeUpload } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

const body = z.object({ parts: z.array(z.object({ partNumber: z.number().int(), etag: z.string() })).max(10_000).default([]) });

export const POST = withSessionRole<Context>("editor", async (request, { params, caller }) => {
  const { id } = await params;
  const { parts } = await readJsonBody(request, { schema: body, maxBytes: 2 * 1024 * 1024 });
  return Response.json(await completeUpload(caller, id, parts));
});
