import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath } from "./public-paths";
import { SESSION_COOKIE, cookieOptions, seal, sessionPayloadSchema, unseal, type SessionPayload } from "./session-cookie";
import { refreshSession } from "./sessions";

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

/**
 * Runs in front of every request (proxy.ts): lets public paths through, sends people without a session to
 * sign in, and refreshes claims from Keycloak when they are due, so pages and actions always authorise with
 * current roles. Pages and handlers still check roles themselves; this only establishes who is asking.
 */
export async function sessionGate(request: NextRequest): Promise<NextResponse> {
  if (isPublicPath(request.nextUrl.pathname)) return NextResponse.next();

  const session = await unseal(request.cookies.get(SESSION_COOKIE)?.value, sessionPayloadSchema);
  const now = Math.floor(Date.now() / 1000);
  if (!session || session.expiresAt <= now) return unauthenticated(request);
  if (session.refreshAt > now) return NextResponse.next();

  const outcome = await refreshSession(session);
  if (outcome.kind === "ended") {
    const response = unauthenticated(request);
    response.cookies.delete({ name: SESSION_COOKIE, path: cookieOptions(0).path });
    return response;
  }
  if (outcome.kind === "unavailable") {
    return session.refreshAt + STALE_GRACE_SECONDS > now ? NextResponse.next() : unauthenticated(request);
  }
  return continueWithSession(request, outcome.payload);
}

async function continueWithSession(request: NextRequest, payload: SessionPayload): Promise<NextResponse> {
  const value = await seal(payload, payload.expiresAt - Math.floor(Date.now() / 1000));
  // The renewed cookie goes to the browser and, rewritten into this request, to the page rendering now.
  request.cookies.set(SESSION_COOKIE, value);
  const headers = new Headers(request.headers);
  headers.set("cookie", request.cookies.toString());
  const response = NextResponse.next({ request: { headers } });
  response.cookies.set(SESSION_COOKIE, value, cookieOptions(payload.expiresAt - Math.floor(Date.now() / 1000)));
  return response;
}
