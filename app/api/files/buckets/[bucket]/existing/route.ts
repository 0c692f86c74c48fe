import { withSessionRole } from "@/lib/auth/guards";
import { existingKeys, existingKeysSchema } from "@/lib/files/existing-keys";
import { readJsonBody } from "@/lib/http/input";

type Context = { params: Promise<{ bucket: string }> };

/** Which of the keys about to be uploaded exist already (a POST: a folder upload names many keys). */
export const POST = withSessionRole<Context>("editor", async (request, { params }) => {
  const { bucket } = await params;
  const { keys } = await readJsonBody(request, { schema: existingKeysSchema, maxBytes: 2 * 1024 * 1024 });
  return Response.json({ existing: await existingKeys(bucket, keys) }, { headers: { "cache-control": "no-store" } });
});
