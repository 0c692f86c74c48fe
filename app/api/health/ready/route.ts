import { checkReadiness } from "@/lib/health/checks";
import { observeRequest } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = performance.now();
  const readiness = await checkReadiness();
  const status = readiness.status === "ok" ? 200 : 503;
  observeRequest("GET", "/api/health", status, started);
  // Anyone may ask for readiness (probes carry no session): product names and versions stay on the admin page.
  const checks = Object.fromEntries(Object.entries(readiness.checks).map(([name, { server: _server, ...check }]) => [name, check]));
  return Response.json({ ...readiness, checks }, { status, headers: { "cache-control": "no-store" } });
}
