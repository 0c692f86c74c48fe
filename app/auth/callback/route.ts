import { NextResponse, type NextRequest } from "next/server";
import * as oidc from "openid-client";
import { recordSessionAudit } from "@/lib/audit/record";
import { env } from "@/lib/config/env";
import { finishLogin } from "@/lib/auth/oidc";
import { createSession } from "@/lib/auth/sessions";
import { LOGIN_COOKIE, SESSION_COOKIE, cookieOptions, loginStateSchema, seal, unseal } from "@/lib/auth/session-cookie";
import { signInFailed, signInUnavailable } from "@/lib/auth/sign-in-errors";

export async function GET(request: NextRequest) {
  const login = await unseal(request.cookies.get(LOGIN_COOKIE)?.value, loginStateSchema);
  if (!login) return signInFailed("This sign-in took too long or was started in another browser.");
  const providerError = request.nextUrl.searchParams.get("error");
  if (providerError) {
    return signInFailed(`Keycloak answered: ${request.nextUrl.searchParams.get("error_description") ?? providerError}.`);
  }

  // The URL Keycloak redirected to, rebuilt from configuration: behind an ingress request.url is the internal one.
  const { APP_URL, BASE_PATH } = env();
  const currentUrl = new URL(`${APP_URL}${BASE_PATH}/auth/callback${request.nextUrl.search}`);
  let payload;
  try {
    payload = await createSession(await finishLogin(currentUrl, login));
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) {
      return signInFailed(`Keycloak refused the sign-in (${error.error}).`);
    }
    if (error instanceof Error && /state|nonce/i.test(error.message)) return signInFailed("The sign-in response did not match the request.");
    return signInUnavailable(error);
  }

  await recordSessionAudit("auth.signin", payload.user, request.headers);
  // From configuration, not request.nextUrl: a route handler's URL does not carry the base path.
  const response = NextResponse.redirect(new URL(`${APP_URL}${BASE_PATH}${login.returnTo}`));
  const ttl = payload.expiresAt - Math.floor(Date.now() / 1000);
  response.cookies.set(SESSION_COOKIE, await seal(payload, ttl), cookieOptions(ttl));
  response.cookies.delete({ name: LOGIN_COOKIE, path: cookieOptions(0).path });
  return response;
}
