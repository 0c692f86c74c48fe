import { withBearerRole } from "@/lib/auth/guards";
import { readJsonBody, readQuery } from "@/lib/http/input";
import { createOutput, deleteUserOutputs, listOutputs } from "@/lib/outputs/api-operations";
import * as outputs from "@/lib/outputs/service";

const noStore = { "cache-control": "no-store" };

export const POST = withBearerRole("viewer", async (request, { caller }) => {
  const created = await outputs.createOutput(caller, await readJsonBody(request, createOutput.body));
  return Response.json(created, { status: 201, headers: noStore });
});

export const GET = withBearerRole("viewer", async (request, { caller }) => {
  const { outputs: list, nextCursor } = await outputs.listOutputs(caller, readQuery(request.nextUrl, listOutputs.query));
  return Response.json({ outputs: list, nextCursor }, { headers: noStore });
});

export const DELETE = withBearerRole("viewer", async (request, { caller }) => {
  const { userId } = readQuery(request.nextUrl, deleteUserOutputs.query);
  return Response.json(await outputs.deleteUserOutputs(caller, userId), { headers: noStore });
});
