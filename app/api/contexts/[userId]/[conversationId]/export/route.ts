import { withSessionRole } from "@/lib/auth/guards";
import { contextKeySchema } from "@/lib/contexts/schemas";
import { exportContext } from "@/lib/contexts/service";

type Context = { params: Promise<{ userId: string; conversationId: string }> };

/** The whole context as a JSON download (audited). */
export const GET = withSessionRole<Context>("viewer", async (_request, { params, caller }) => {
  const key = contextKeySchema.parse(await params);
  const document = await exportContext(caller, key);
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="context-${key.conversationId.replace(/[^A-Za-z0-9._-]/g, "_")}.json"`,
      "cache-control": "no-store",
    },
  });
});
