import { readQuery } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { deleteObjectVersion } from "@/lib/files/api-operations";
import { deleteVersion } from "@/lib/files/versions";

type Context = { params: Promise<{ bucket: string }> };

export const DELETE = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = deleteObjectVersion.params.parse(await params);
  const { key, versionId } = readQuery(request.nextUrl, deleteObjectVersion.query);
  return Response.json(await deleteVersion(caller, bucket, key, versionId));
});
