import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { corsRulesSchema, putBucketCorsRules } from "@/lib/files/bucket-settings";
import { callerOf, jsonBody } from "@/lib/files/http";

type Context = { params: Promise<{ bucket: string }> };

const body = z.object({ rules: corsRulesSchema });

export const PUT = withSessionRole<Context>("admin", async (request, { params, principal }) => {
  const { bucket } = await params;
  const { rules } = await jsonBody(request, body);
  return Response.json({ rules: await putBucketCorsRules(callerOf(principal, request), bucket, rules) });
});
