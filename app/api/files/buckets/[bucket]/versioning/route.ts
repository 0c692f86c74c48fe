import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { setBucketVersioning } from "@/lib/files/bucket-settings";
import { callerOf, jsonBody } from "@/lib/files/http";

type Context = { params: Promise<{ bucket: string }> };

const body = z.object({ enabled: z.boolean() });

export const PUT = withSessionRole<Context>("admin", async (request, { params, principal }) => {
  const { bucket } = await params;
  const { enabled } = await jsonBody(request, body);
  return Response.json({ versioning: await setBucketVersioning(callerOf(principal, request), bucket, enabled) });
});
