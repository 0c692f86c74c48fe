import { withSessionRole } from "@/lib/auth/guards";
import { checkReadiness } from "@/lib/health/checks";
import { healthHistory } from "@/lib/health/history";

export const dynamic = "force-dynamic";

export const GET = withSessionRole("admin", async () => {
  const [readiness, history] = await Promise.all([checkReadiness(), healthHistory()]);
  return Response.json({ checkedAt: new Date().toISOString(), readiness, history }, { headers: { "cache-control": "no-store" } });
});
