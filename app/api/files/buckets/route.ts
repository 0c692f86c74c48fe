import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { createBucket, listBuckets } from "@/lib/files/buckets";
import { callerOf, jsonBody } from "@/lib/files/http";

export const dynamic = "force-dynamic";

export const GET = withSessionRole("viewer", async () => Response.json({ buckets: await listBuckets() }));

export const POST = withSessionRole("admin", async (request, { principal }) => {
  const { name } = await jsonBody(request, z.object({ name: z.string().trim() }));
  return Response.json(await createBucket(callerOf(principal, request), name), { status: 201 });
});
