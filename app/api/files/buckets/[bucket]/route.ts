import { withSessionRole } from "@/lib/auth/guards";
import { deleteBucket } from "@/lib/files/buckets";

type Context = { params: Promise<{ bucket: string }> };

export const DELETE = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = await params;
  return Response.json(await deleteBucket(caller, bucket));
});
