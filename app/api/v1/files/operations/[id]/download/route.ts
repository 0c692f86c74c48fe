import { parseParams } from "@/lib/api/openapi";
import { withBearerRole } from "@/lib/auth/guards";
import { downloadFileOperation } from "@/lib/files/api-operations";
import { callerOf } from "@/lib/files/http";
import { operationDownload } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params, principal }) => {
  const { id } = parseParams(downloadFileOperation, await params);
  return Response.json(await operationDownload(callerOf(principal, request), id), { headers: { "cache-control": "no-store" } });
});
