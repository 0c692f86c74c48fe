import { withBearerRole } from "@/lib/auth/guards";
import { readQuery } from "@/lib/http/input";
import { downloadOutput } from "@/lib/outputs/api-operations";
import { countsAsAccess } from "@/lib/outputs/counting";
import { outputRedirect } from "@/lib/outputs/redirect";
import * as outputs from "@/lib/outputs/service";

type Context = { params: Promise<{ id: string }> };

export const GET = withBearerRole<Context>("viewer", async (request, { params, caller }) => {
  const { id } = downloadOutput.params.parse(await params);
  const { disposition } = readQuery(request.nextUrl, downloadOutput.query);
  return outputRedirect(await outputs.downloadOutput(caller, id, { disposition, count: countsAsAccess(request.headers) }));
});

/** Answers whether the caller may download it, without counting an access or handing out a URL. */
export const HEAD = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = downloadOutput.params.parse(await params);
  await outputs.getOutput(caller, id);
  return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
});
