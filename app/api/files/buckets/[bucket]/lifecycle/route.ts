import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { callerOf, jsonBody } from "@/lib/files/http";
import { lifecycleRulesSchema, putLifecycleRules } from "@/lib/files/lifecycle";

type Context = { params: Promise<{ bucket: string }> };

const body = z.object({ rules: lifecycleRulesSchema });

/** Replaces the bucket's lifecycle rules (the whole list, as the settings page shows it). */
export const PUT = withSessionRole<Context>("admin", async (request, { params, principal }) => {
  const { bucket } = await params;
  const { rules } = await jsonBody(request, body);
  return Response.json({ rules: await putLifecycleRules(callerOf(principal, request), bucket, rules) });
});
