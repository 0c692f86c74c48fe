import { readJsonBody } from "@/lib/http/input";
import { withBearerRole } from "@/lib/auth/guards";
import { startUploadOperation } from "@/lib/files/api-operations";
import { startUpload } from "@/lib/files/uploads";

export const POST = withBearerRole("viewer", async (request, { caller }) => {
  const started = await startUpload(caller, await readJsonBody(request, startUploadOperation.body));
  return Response.json(started, { status: 201, headers: { "cache-control": "no-store" } });
});
