import { parseParams, parseQuery } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { headObject } from "@/lib/files/api-operations";
import { getObjectDetails } from "@/lib/files/object-details";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ bucket: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params }) => {
  const { bucket } = parseParams(headObject, await params);
  const { key } = parseQuery(headObject, request.nextUrl);
  return Response.json(await getObjectDetails(bucket, key), { headers: { "cache-control": "no-store" } });
});
