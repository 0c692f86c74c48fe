import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload } from "jose";
import { env } from "@/lib/config/env";
import { unauthorized } from "@/lib/http/errors";
import { keycloakFetch } from "./keycloak-fetch";
import { rolesFromClaims, type Principal } from "./roles";

/** Verifies Keycloak-issued access tokens against the realm's JWKS (signature, issuer, audience, expiry). */

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

export function keySet() {
  jwks ??= createRemoteJWKSet(new URL(`${env().OIDC_ISSUER}/protocol/openid-connect/certs`), {
    timeoutDuration: 5_000,
    cooldownDuration: 30_000,
    [customFetch]: keycloakFetch,
  });
  return jwks;
}

export async function verifyAccessToken(token: string): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keySet(), {
      issuer: env().OIDC_ISSUER,
      audience: env().API_AUDIENCE,
      clockTolerance: 5,
    });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw unauthorized("The bearer token has expired; request a new one.");
    if (error instanceof errors.JWTClaimValidationFailed)
      throw unauthorized(`The bearer token was not issued for Strata (${error.claim} claim: ${error.reason}).`);
    if (error instanceof errors.JOSEError) throw unauthorized("The bearer token is not valid for this realm.");
    throw error;
  }
}

/**
 * A service is recognised by what Keycloak asserts, never by a name a person can choose (any user may be
 * called `service-account-…`): the token was issued to a client the operator lists as a service
 * (`azp`, API_SERVICE_CLIENTS) and belongs to no user session (no `sid`: only the client-credentials grant
 * issues such a token).
 */
export function isServiceToken(claims: Record<string, unknown>, serviceClients: readonly string[]): boolean {
  return typeof claims.azp === "string" && serviceClients.includes(claims.azp) && claims.sid === undefined;
}

export function principalFromClaims(claims: JWTPayload & Record<string, unknown>): Principal {
  const username = String(claims.preferred_username ?? claims.azp ?? claims.sub ?? "unknown");
  const isService = isServiceToken(claims, env().API_SERVICE_CLIENTS);
  const given = [claims.given_name, claims.family_name].filter((p) => typeof p === "string").join(" ");
  return {
    id: String(claims.sub ?? username),
    username,
    name: typeof claims.name === "string" ? claims.name : given || username,
    ...(typeof claims.email === "string" ? { email: claims.email } : {}),
    roles: rolesFromClaims(claims),
    kind: isService ? "service" : "user",
  };
}
