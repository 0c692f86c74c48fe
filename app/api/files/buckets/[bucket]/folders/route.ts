import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { createFolder } from "@/lib/files/folders";
import { readJsonBody } from "@/lib/http/input";

type Context = { params: Promise<{ bucket: string }> };

export const POST = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = await params;
  const { parent, name } = await readJsonBody(request, { schema: z.object({ parent: z.string(), name: z.string() }) });
  return Response.json(await createFolder(caller, bucket, parent, name), { status: 201 });
});
