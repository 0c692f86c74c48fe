import { readQuery } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { listObjects } from "@/lib/files/api-operations";
import { listObjectsPage } from "@/lib/files/list-objects";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ bucket: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params }) => {
  const { bucket } = listObjects.params.parse(await params);
  const { prefix, delimiter, pageToken, limit } = readQuery(request.nextUrl, listObjects.query);
  const page = await listObjectsPage({ bucket, prefix, delimiter, continuationToken: pageToken, maxKeys: limit });
  return Response.json({ folders: page.folders, objects: page.objects, nextPageToken: page.nextToken }, { headers: { "cache-control": "no-store" } });
});
