import { NextResponse, type NextRequest } from "next/server";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/config/env";
import { originFromHeaders } from "@/lib/http/origin";
import { rawPathOf } from "@/lib/http/raw-path";
import { requestRefusal, type Refusal } from "@/lib/http/request-guard";
import { SESSION_COOKIE, sessionPayloadSchema, unseal } from "./session-cookie";

/**
 * The proxy's first step: path, origin and body-type checks (lib/http/request-guard.ts) answered as 400,
 * 403 or 415 before any page, action or handler runs. Cross-origin refusals are audited under the
 * session's person when the request carried a cookie, since they are someone's browser being used.
 */
export async function refuseForeignRequest(request: NextRequest): Promise<NextResponse | null> {
  const refusal = requestRefusal(
    { method: request.method, headers: request.headers, rawPath: rawPathOf(request.headers, request.nextUrl.pathname) },
    new URL(env().APP_URL).origin,
    request.nextUrl.pathname,
  );
  if (!refusal) return null;
  if (refusal.code === "cross_origin") await auditCrossOrigin(request);
  return refusalResponse(request, refusal);
}

async function auditCrossOrigin(request: NextRequest) {
  const session = await unseal(request.cookies.get(SESSION_COOKIE)?.value, sessionPayloadSchema);
  await recordAudit({
    actor: session?.user ?? { id: "anonymous", name: "anonymous" },
    action: `http.${request.method.toLowerCase()}`,
    target: request.nextUrl.pathname,
    outcome: "denied",
    origin: originFromHeaders(request.headers),
    details: { reason: "cross_origin", origin: request.headers.get("origin"), secFetchSite: request.headers.get("sec-fetch-site") },
  });
}

function refusalResponse(request: NextRequest, refusal: Refusal): NextResponse {
  const headers = { "cache-control": "no-store" };
  if (request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html")) {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strata: bad address</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem"><h1>This address cannot be opened</h1><p>${escapeHtml(refusal.message)}</p><p><a href="${env().BASE_PATH}/">Back to the console</a></p></body></html>`;
    return new NextResponse(html, { status: refusal.status, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
  }
  return NextResponse.json({ error: { code: refusal.code, message: refusal.message } }, { status: refusal.status, headers });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
