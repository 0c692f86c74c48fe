import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { createBucket, listBuckets } from "@/lib/files/buckets";
import { readJsonBody } from "@/lib/http/input";

export const dynamic = "force-dynamic";

export const GET = withSessionRole("viewer", async () => Response.json({ buckets: await listBuckets() }));

export const POST = withSessionRole("viewer", async (request, { caller }) => {
  const { name } = await readJsonBody(request, { schema: z.object({ name: z.string().trim() }) });
  return Response.json(await createBucket(caller, name), { status: 201 });
});
