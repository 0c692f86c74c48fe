import { checkReadiness } from "@/lib/health/checks";
import { observeRequest } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = performance.now();
  const readiness = await checkReadiness();
  const status = readiness.status === "ok" ? 200 : 503;
  observeRequest("GET", "/api/health", status, started);
  return Response.json(readiness, { status, headers: { "cache-control": "no-store" } });
}
