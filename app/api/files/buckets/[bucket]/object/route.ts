import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { getObjectDetails } from "@/lib/files/object-details";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ bucket: string }> };

export const GET = withSessionRole<Context>("viewer", async (request, { params }) => {
  const { bucket } = await params;
  const { key } = z.object({ key: z.string().min(1, "Name the object with ?key=") }).parse(Object.fromEntries(request.nextUrl.searchParams));
  return Response.json(await getObjectDetails(bucket, key), { headers: { "cache-control": "no-store" } });
});
