import { withSessionRole } from "@/lib/auth/guards";
import { operationIdParamsSchema } from "@/lib/files/operation-schemas";
import { operationDownload } from "@/lib/files/operations";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** A finished zip: 302 to a presigned GET, so a plain link downloads it. */
export const GET = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = operationIdParamsSchema.parse(await params);
  const { url } = await operationDownload(caller, id);
  return new Response(null, { status: 302, headers: { location: url, "cache-control": "no-store" } });
});
