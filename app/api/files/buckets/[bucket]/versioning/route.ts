import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { setBucketVersioning } from "@/lib/files/bucket-settings";
import { readJsonBody } from "@/lib/http/input";

type Context = { params: Promise<{ bucket: string }> };

const body = z.object({ enabled: z.boolean() });

export const PUT = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = await params;
  const { enabled } = await readJsonBody(request, { schema: body });
  return Response.json({ versioning: await setBucketVersioning(caller, bucket, enabled) });
});
