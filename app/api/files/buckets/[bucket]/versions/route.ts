import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { deleteVersion, restoreVersion } from "@/lib/files/versions";

type Context = { params: Promise<{ bucket: string }> };

const version = z.object({ key: z.string().min(1), versionId: z.string().min(1).max(1024) });

/** Restores a previous version over the current object. */
export const POST = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = await params;
  const { key, versionId } = await readJsonBody(request, { schema: version });
  return Response.json(await restoreVersion(caller, bucket, key, versionId));
});

/** Deletes one version for good (admins). */
export const DELETE = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = await params;
  const { key, versionId } = version.parse(Object.fromEntries(request.nextUrl.searchParams));
  return Response.json(await deleteVersion(caller, bucket, key, versionId));
});
