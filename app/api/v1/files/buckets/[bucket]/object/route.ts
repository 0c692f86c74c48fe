import { readQuery } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { headObject } from "@/lib/files/api-operations";
import { getObjectDetails } from "@/lib/files/object-details";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ bucket: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params }) => {
  const { bucket } = headObject.params.parse(await params);
  const { key } = readQuery(request.nextUrl, headObject.query);
  return Response.json(await getObjectDetails(bucket, key), { headers: { "cache-control": "no-store" } });
});
