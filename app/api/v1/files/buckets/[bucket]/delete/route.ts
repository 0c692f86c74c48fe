import { readJsonBody } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { deleteObjectsOperation } from "@/lib/files/api-operations";
import { deleteObjects } from "@/lib/files/delete-objects";

type Context = { params: Promise<{ bucket: string }> };

export const POST = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = deleteObjectsOperation.params.parse(await params);
  return Response.json(await deleteObjects(caller, bucket, await readJsonBody(request, deleteObjectsOperation.body)));
});
