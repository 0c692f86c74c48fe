import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { describeError, errorResponse, unauthorized } from "@/lib/http/errors";
import { originFromHeaders } from "@/lib/http/origin";
import { observeRequest } from "@/lib/metrics/registry";
import { principalFromClaims, verifyAccessToken } from "./access-token";
import { callerOf, type Caller } from "./caller";
import { authorize } from "./mutate";
import { hasRole, type Principal, type Role } from "./roles";
import { SESSION_COOKIE, sessionPayloadSchema, unseal } from "./session-cookie";

/**
 * The one place that answers "who is asking, and may they?" for every kind of entry point:
 * pages (server components), server actions, browser-facing route handlers, and /api/v1 for services.
 */

export async function sessionUser(): Promise<Principal | null> {
  const session = await unseal((await cookies()).get(SESSION_COOKIE)?.value, sessionPayloadSchema);
  return session && session.expiresAt > Date.now() / 1000 ? session.user : null;
}

/** For pages: sends the signed-out to sign in, and renders the 403 page for those without the role. */
export async function requirePageRole(role: Role): Promise<Principal> {
  const user = await sessionUser();
  if (!user) redirect("/auth/signin");
  if (!hasRole(user, role)) forbidden();
  return user;
}

/**
 * For server actions: the signed-in caller, or a 401 HttpError that `runAction` turns into a readable result.
 * The operation the action calls checks the role and audits (`lib/auth/mutate`).
 */
export async function actionCaller(): Promise<Caller> {
  const user = await sessionUser();
  if (!user) throw unauthorized("Your session has ended; reload the page to sign in again.");
  return { actor: user, origin: originFromHeaders(await headers()) };
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

/** Runs a server action body, returning errors as data (server actions cannot carry an HTTP status). */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    return { ok: false, error: describeError(error).body.error };
  }
}

type Handler<C> = (request: NextRequest, context: C & { principal: Principal; caller: Caller }) => Promise<Response>;

function guarded<C>(role: Role, authenticate: (request: NextRequest) => Promise<Principal>, handler: Handler<C>) {
  return async (request: NextRequest, context: C): Promise<Response> => {
    const started = performance.now();
    const response = await answer(request, context);
    observeRequest(request.method, request.nextUrl.pathname, response.status, started);
    return response;
  };

  async function answer(request: NextRequest, context: C): Promise<Response> {
    try {
      const principal = await authenticate(request);
      const caller = callerOf(principal, request);
      await authorize(caller, { role, action: `http.${request.method.toLowerCase()}`, target: request.nextUrl.pathname });
      return await handler(request, { ...context, principal, caller });
    } catch (error) {
      return errorResponse(error);
    }
  }
}

/** For route handlers the console's own pages call: the session cookie decides. */
export function withSessionRole<C>(role: Role, handler: Handler<C>) {
  return guarded(role, async () => {
    const user = await sessionUser();
    if (!user) throw unauthorized("Your session has ended; reload the page to sign in again.");
    return user;
  }, handler);
}

/** For /api/v1 route handlers: a Keycloak bearer token (client credentials or a user's) decides. */
export function withBearerRole<C>(role: Role, handler: Handler<C>) {
  return guarded(role, authenticateBearer, handler);
}

export async function authenticateBearer(request: Request): Promise<Principal> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized("Send a Keycloak access token as `Authorization: Bearer <token>`.");
  return principalFromClaims(await verifyAccessToken(match[1]));
}

