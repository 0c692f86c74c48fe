import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { readJsonBody } from "@/lib/http/input";
import { lifecycleRulesSchema, putLifecycleRules } from "@/lib/files/lifecycle";

type Context = { params: Promise<{ bucket: string }> };

const body = z.object({ rules: lifecycleRulesSchema });

/** Replaces the bucket's lifecycle rules (the whole list, as the settings page shows it). */
export const PUT = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = await params;
  const { rules } = await readJsonBody(request, { schema: body });
  return Response.json({ rules: await putLifecycleRules(caller, bucket, rules) });
});
