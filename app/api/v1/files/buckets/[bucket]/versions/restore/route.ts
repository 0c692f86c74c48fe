import { readJsonBody } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { restoreObjectVersion } from "@/lib/files/api-operations";
import { restoreVersion } from "@/lib/files/versions";

type Context = { params: Promise<{ bucket: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = restoreObjectVersion.params.parse(await params);
  const { key, versionId } = await readJsonBody(request, restoreObjectVersion.body);
  return Response.json(await restoreVersion(caller, bucket, key, versionId));
});
