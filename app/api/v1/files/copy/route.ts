import { readJsonBody } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { copyObjectsOperation } from "@/lib/files/api-operations";
import { transferObjects } from "@/lib/files/transfer-objects";

export const POST = withBearerRole("viewer", async (request, { caller }) => {
  const body = await readJsonBody(request, copyObjectsOperation.body);
  return Response.json(await transferObjects(caller, { mode: "copy", ...body }));
});
