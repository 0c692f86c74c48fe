import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/config/env";
import { refuseForeignRequest } from "@/lib/auth/request-checks";
import { sessionGate } from "@/lib/auth/gate";
import { newNonce, securityHeaders, storeOriginsOf } from "@/lib/http/security-headers";

/**
 * Every request: first the checks that need no session (path, origin, body type), then the session gate;
 * every answer carries the security headers, with a fresh CSP nonce Next.js puts on its own scripts.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const config = env();
  const nonce = newNonce();
  const headers = securityHeaders(nonce, {
    appUrl: config.APP_URL,
    storeOrigins: storeOriginsOf(config),
    keycloakOrigin: new URL(config.OIDC_ISSUER).origin,
    development: config.NODE_ENV === "development",
  });
  // Next.js reads the nonce from the request's CSP header; pages read it from x-nonce (app/layout.tsx).
  const forward = new Headers(request.headers);
  forward.set("x-nonce", nonce);
  forward.set("content-security-policy", headers["content-security-policy"]!);

  const response = (await refuseForeignRequest(request)) ?? trailingSlashRedirect(request) ?? (await sessionGate(request, forward));
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * `/files/` → 308 `/files`, as Next.js did before `skipTrailingSlashRedirect` (next.config.ts): Next's own
 * redirect ran before this proxy, so `PUT /api/v1/contexts/u/%2e%2e` (parsed as `/api/v1/contexts/`) got a
 * 308 before the path check could answer 400. Now the check runs on the raw path first.
 */
function trailingSlashRedirect(request: NextRequest): NextResponse | null {
  const { pathname } = request.nextUrl;
  if (pathname === "/" || !pathname.endsWith("/")) return null;
  // request.url, not nextUrl: NextURL re-adds the slash it was parsed with.
  const url = new URL(request.url);
  url.pathname = url.pathname.replace(/\/+$/, "") || "/";
  return NextResponse.redirect(url, 308);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
