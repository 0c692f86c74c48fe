import { NextResponse, type NextRequest } from "next/server";
import { recordSessionAudit } from "@/lib/audit/record";
import { env } from "@/lib/config/env";
import { endSessionUrl } from "@/lib/auth/oidc";
import { destroySession } from "@/lib/auth/sessions";
import { SESSION_COOKIE, cookieOptions, sessionPayloadSchema, unseal } from "@/lib/auth/session-cookie";
import { logger } from "@/lib/log/logger";

// POST only: a GET could be triggered by a prefetch or an <img>, signing people out behind their back.
export async function POST(request: NextRequest) {
  const session = await unseal(request.cookies.get(SESSION_COOKIE)?.value, sessionPayloadSchema);
  const { APP_URL, BASE_PATH } = env();
  const signedOut = `${APP_URL}${BASE_PATH}/signed-out`;
  let destination = new URL(signedOut);
  if (session) {
    const idToken = await destroySession(session.sid);
    await recordSessionAudit("auth.signout", session.user, request.headers);
    try {
      destination = await endSessionUrl(idToken, signedOut);
    } catch (error) {
      // Keycloak is down: the Strata session is gone already, so finish locally rather than fail.
      logger().warn({ err: error }, "could not reach Keycloak for single sign-out");
    }
  }
  const response = NextResponse.redirect(destination, 303);
  response.cookies.delete({ name: SESSION_COOKIE, path: cookieOptions(0).path });
  return response;
}
