import { withBearerRole } from "@/lib/auth/guards";
import { deleteOutput, getOutput } from "@/lib/outputs/api-operations";
import * as outputs from "@/lib/outputs/service";

type Context = { params: Promise<{ id: string }> };

export const GET = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = getOutput.params.parse(await params);
  return Response.json(await outputs.getOutput(caller, id), { headers: { "cache-control": "no-store" } });
});

export const DELETE = withBearerRole<Context>("viewer", async (_request, { params, caller }) => {
  const { id } = deleteOutput.params.parse(await params);
  return Response.json(await outputs.deleteOutput(caller, id), { headers: { "cache-control": "no-store" } });
});
