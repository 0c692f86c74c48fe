import { parseParams, parseQuery } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { presignObjectDownload as operation } from "@/lib/files/api-operations";
import { presignObjectDownload } from "@/lib/files/versions";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ bucket: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params }) => {
  const { bucket } = parseParams(operation, await params);
  const { key, versionId, disposition } = parseQuery(operation, request.nextUrl);
  return Response.json(await presignObjectDownload(bucket, key, { versionId, disposition }), { headers: { "cache-control": "no-store" } });
});
