import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { createFolder } from "@/lib/files/folders";
import { callerOf, jsonBody } from "@/lib/files/http";

type Context = { params: Promise<{ bucket: string }> };

export const POST = withSessionRole<Context>("editor", async (request, { params, principal }) => {
  const { bucket } = await params;
  const { parent, name } = await jsonBody(request, z.object({ parent: z.string(), name: z.string() }));
  return Response.json(await createFolder(callerOf(principal, request), bucket, parent, name), { status: 201 });
});
