import { readQuery } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { presignObjectDownload as operation } from "@/lib/files/api-operations";
import { presignObjectDownload } from "@/lib/files/versions";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ bucket: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params }) => {
  const { bucket } = operation.params.parse(await params);
  const { key, versionId, disposition } = readQuery(request.nextUrl, operation.query);
  return Response.json(await presignObjectDownload(bucket, key, { versionId, disposition }), { headers: { "cache-control": "no-store" } });
});
