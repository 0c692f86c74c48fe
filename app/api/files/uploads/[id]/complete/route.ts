import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { callerOf, jsonBody } from "@/lib/files/http";
import { completeUpload } from "@/lib/files/uploads";

type Context = { params: Promise<{ id: string }> };

const body = z.object({ parts: z.array(z.object({ partNumber: z.number().int(), etag: z.string() })).max(10_000).default([]) });

export const POST = withSessionRole<Context>("editor", async (request, { params, principal }) => {
  const { id } = await params;
  const { parts } = await jsonBody(request, body, 2 * 1024 * 1024);
  return Response.json(await completeUpload(callerOf(principal, request), id, parts));
});
