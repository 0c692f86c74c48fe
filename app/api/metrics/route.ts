import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";
import { metrics } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

function authorised(request: Request): boolean {
  const token = env().METRICS_TOKEN;
  if (!token) return true;
  const given = Buffer.from(request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request) {
  if (!authorised(request)) {
    return Response.json({ error: { code: "unauthorized", message: "Send the METRICS_TOKEN as a bearer token." } }, { status: 401 });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
