import { parseBody, parseParams } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { restoreObjectVersion } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { restoreVersion } from "@/lib/files/versions";

type Context = { params: Promise<{ bucket: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { bucket } = parseParams(restoreObjectVersion, await params);
  const { key, versionId } = await parseBody(restoreObjectVersion, request);
  return Response.json(await restoreVersion(callerOf(principal, request), bucket, key, versionId));
});
