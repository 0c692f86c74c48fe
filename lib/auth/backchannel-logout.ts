import { errors, jwtVerify } from "jose";
import { env } from "@/lib/config/env";
import { badRequest } from "@/lib/http/errors";
import { keySet } from "./access-token";
import { endKeycloakSessions } from "./sessions";

/**
 * OpenID Connect Back-Channel Logout 1.0: when a session ends in Keycloak (an admin signs the user out,
 * the user signs out of another application, the SSO session is revoked), Keycloak POSTs a signed logout
 * token here and the matching Strata sessions are deleted, so their cookies stop working on the next
 * request (the gate checks the row every time).
 */

const BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

export type LogoutTarget = { keycloakSid?: string; userId?: string };

/** Verifies a logout token as the specification requires (§2.6) and returns whom it names. */
export async function verifyLogoutToken(token: string): Promise<LogoutTarget> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, keySet(), {
      issuer: env().OIDC_ISSUER,
      audience: env().OIDC_CLIENT_ID,
      clockTolerance: 30,
      requiredClaims: ["iat", "jti", "events"],
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) throw badRequest(`The logout token is not valid (${error.code}).`);
    throw error;
  }
  const events = payload.events as Record<string, unknown> | undefined;
  if (typeof events !== "object" || events === null || !(BACKCHANNEL_EVENT in events)) throw badRequest("The logout token carries no back-channel logout event.");
  if ("nonce" in payload) throw badRequest("A logout token must not carry a nonce.");
  const keycloakSid = typeof payload.sid === "string" ? payload.sid : undefined;
  const userId = typeof payload.sub === "string" ? payload.sub : undefined;
  if (!keycloakSid && !userId) throw badRequest("The logout token names neither a session nor a subject.");
  return { ...(keycloakSid ? { keycloakSid } : {}), ...(userId ? { userId } : {}) };
}

/** Handles one back-channel logout request body (`logout_token=…`, form-encoded); returns the sessions ended. */
export async function backchannelLogout(form: URLSearchParams): Promise<{ target: LogoutTarget; ended: number }> {
  const token = form.get("logout_token");
  if (!token) throw badRequest("Send the logout token as the `logout_token` form field.");
  const target = await verifyLogoutToken(token);
  return { target, ended: await endKeycloakSessions(target) };
}
