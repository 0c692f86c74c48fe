import { withSessionRole } from "@/lib/auth/guards";
import { deleteBucket } from "@/lib/files/buckets";
import { callerOf } from "@/lib/files/http";

type Context = { params: Promise<{ bucket: string }> };

export const DELETE = withSessionRole<Context>("admin", async (request, { params, principal }) => {
  const { bucket } = await params;
  return Response.json(await deleteBucket(callerOf(principal, request), bucket));
});
