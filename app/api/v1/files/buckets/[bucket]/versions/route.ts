import { parseParams, parseQuery } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { deleteObjectVersion } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { deleteVersion } from "@/lib/files/versions";

type Context = { params: Promise<{ bucket: string }> };

export const DELETE = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { bucket } = parseParams(deleteObjectVersion, await params);
  const { key, versionId } = parseQuery(deleteObjectVersion, request.nextUrl);
  return Response.json(await deleteVersion(callerOf(principal, request), bucket, key, versionId));
});
