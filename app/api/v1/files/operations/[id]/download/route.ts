import { withBearerRole } from "@/lib/auth/guards";
import { downloadFileOperation } from "@/lib/files/api-operations";
import { operationDownload } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = downloadFileOperation.params.parse(await params);
  return Response.json(await operationDownload(caller, id), { headers: { "cache-control": "no-store" } });
});
