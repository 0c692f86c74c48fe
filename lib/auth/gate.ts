import { NextResponse, type NextRequest } from "next/server";
import { logger } from "@/lib/log/logger";
import { isPublicPath } from "./public-paths";
import { SESSION_COOKIE, cookieOptions, seal, sessionPayloadSchema, unseal, type SessionPayload } from "./session-cookie";
import { isSessionLive, refreshSession } from "./sessions";

// While Keycloak cannot be reached, claims keep serving this long past their refresh time, so a Keycloak
// restart does not sign everyone out; past it, people are sent to sign in again.
const STALE_GRACE_SECONDS = 10 * 60;

function wantsHtml(request: NextRequest): boolean {
  return request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html");
}

function signInRedirect(request: NextRequest): NextResponse {
  const url = request.nextUrl.clone();
  const returnTo = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  url.pathname = "/auth/signin";
  url.search = `?returnTo=${encodeURIComponent(returnTo)}`;
  return NextResponse.redirect(url);
}

function unauthenticated(request: NextRequest): NextResponse {
  if (wantsHtml(request)) return signInRedirect(request);
  return NextResponse.json(
    { error: { code: "unauthorized", message: "Your session has ended; reload the page to sign in again." } },
    { status: 401 },
  );
}

function ended(request: NextRequest): NextResponse {
  const response = unauthenticated(request);
  response.cookies.delete({ name: SESSION_COOKIE, path: cookieOptions(0).path });
  return response;
}

/** A dependency the gate needs is down: a 503 that names it, as JSON or as a short readable page. */
export function dependencyDown(request: NextRequest, dependency: string): NextResponse {
  const message = `Strata cannot reach ${dependency} right now. Nothing you saved is lost; this page works again by itself once ${dependency} is back.`;
  if (!wantsHtml(request)) {
    return NextResponse.json({ error: { code: "unavailable", message, details: { dependency } } }, { status: 503, headers: { "retry-after": "5" } });
  }
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10"><title>Strata: ${dependency} is unavailable</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem"><h1>${dependency} is unavailable</h1><p>${message}</p><p>This page retries every 10 seconds.</p></body></html>`;
  return new NextResponse(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8", "retry-after": "5", "cache-control": "no-store" } });
}

/**
 * Runs in front of every request (proxy.ts): lets public paths through, sends people without a live session
 * to sign in, and refreshes claims from Keycloak when they are due, so pages and actions always authorise
 * with current roles. The cookie alone is never enough: it must name a live session row, checked on every
 * request, so sign-out and revocation end a copied cookie at once. Pages and handlers still check roles
 * themselves; this only establishes who is asking. `forward` are the request headers handed on to the page
 * (proxy.ts adds the CSP nonce to them).
 */
export async function sessionGate(request: NextRequest, forward: Headers = new Headers(request.headers)): Promise<NextResponse> {
  const pass = () => NextResponse.next({ request: { headers: forward } });
  if (isPublicPath(request.nextUrl.pathname)) return pass();

  const session = await unseal(request.cookies.get(SESSION_COOKIE)?.value, sessionPayloadSchema);
  const now = Math.floor(Date.now() / 1000);
  if (!session || session.expiresAt <= now) return unauthenticated(request);

  if (session.refreshAt > now) {
    let live: boolean;
    try {
      live = await isSessionLive(session.sid);
    } catch (error) {
      logger().warn({ err: error }, "could not check a session: PostgreSQL unavailable");
      return dependencyDown(request, "PostgreSQL");
    }
    return live ? pass() : ended(request);
  }

  let outcome;
  try {
    outcome = await refreshSession(session);
  } catch (error) {
    logger().warn({ err: error }, "could not refresh a session: PostgreSQL unavailable");
    return dependencyDown(request, "PostgreSQL");
  }
  if (outcome.kind === "ended") return ended(request);
  if (outcome.kind === "unavailable") {
    return session.refreshAt + STALE_GRACE_SECONDS > now ? pass() : unauthenticated(request);
  }
  return continueWithSession(request, forward, outcome.payload);
}

async function continueWithSession(request: NextRequest, forward: Headers, payload: SessionPayload): Promise<NextResponse> {
  const value = await seal(payload, payload.expiresAt - Math.floor(Date.now() / 1000));
  // The renewed cookie goes to the browser and, rewritten into this request, to the page rendering now.
  request.cookies.set(SESSION_COOKIE, value);
  forward.set("cookie", request.cookies.toString());
  const response = NextResponse.next({ request: { headers: forward } });
  response.cookies.set(SESSION_COOKIE, value, cookieOptions(payload.expiresAt - Math.floor(Date.now() / 1000)));
  return response;
}
