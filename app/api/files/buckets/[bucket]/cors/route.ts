import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { corsRulesSchema, putBucketCorsRules } from "@/lib/files/bucket-settings";
import { readJsonBody } from "@/lib/http/input";

type Context = { params: Promise<{ bucket: string }> };

const body = z.object({ rules: corsRulesSchema });

export const PUT = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const { bucket } = await params;
  const { rules } = await readJsonBody(request, { schema: body });
  return Response.json({ rules: await putBucketCorsRules(caller, bucket, rules) });
});
