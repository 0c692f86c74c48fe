import { env, type Env } from "@/lib/config/env";

/**
 * Every request the console itself makes to Keycloak (openid-client's discovery, token, refresh and
 * end-session calls, jose's JWKS, the health check) goes through `keycloakFetch`.
 *
 * Browsers and the `iss` of every token know Keycloak by the issuer's public address (OIDC_ISSUER). A server
 * often reaches it elsewhere: a cluster Service instead of a hairpin through the ingress, or, in
 * e2e/faults.spec.ts, a proxy the test can cut. With OIDC_INTERNAL_URL set, a URL on the issuer's origin
 * keeps its path and query and is sent to that origin instead. Only the transport changes: the issuer that
 * discovery and token checks compare against, and every URL handed to a browser, stay the public one. This
 * needs Keycloak's hostname fixed to the public one (`hostname` option, required in production mode anyway),
 * or its answers through the internal address would name another issuer.
 */

type KeycloakAddresses = Pick<Env, "OIDC_ISSUER" | "OIDC_INTERNAL_URL">;

/** `url` as the console must request it: on the internal origin when it is on the issuer's, else as is. */
export function internalKeycloakUrl(url: string, config: KeycloakAddresses): string {
  if (!config.OIDC_INTERNAL_URL) return url;
  const target = new URL(url);
  if (target.origin !== new URL(config.OIDC_ISSUER).origin) return url;
  return new URL(`${target.pathname}${target.search}`, config.OIDC_INTERNAL_URL).href;
}

/**
 * Keycloak could not be asked (refused, reset, timed out), or a gateway in front of it said it is not there
 * (502, 503, 504). Recognised by its name in lib/http/dependency-errors.ts, so a request that needed Keycloak
 * is a 503 naming it, not a 500, and a bearer token whose keys could not be fetched is not called invalid.
 */
export class KeycloakUnreachableError extends Error {
  override name = "KeycloakUnreachableError";
}

export async function keycloakFetch(url: string, init: RequestInit = {}, config: KeycloakAddresses = env()): Promise<Response> {
  const target = internalKeycloakUrl(url, config);
  const where = new URL(target).origin;
  let response: Response;
  try {
    response = await fetch(target, init);
  } catch (cause) {
    // undici says "fetch failed" and puts the reason (ECONNREFUSED, ECONNRESET…) on its cause.
    const reason = (cause as { cause?: { code?: string } }).cause?.code ?? (cause instanceof Error ? cause.message : String(cause));
    throw new KeycloakUnreachableError(`Keycloak did not answer at ${where} (${reason})`, { cause });
  }
  if (GATEWAY_DOWN.has(response.status)) {
    await response.body?.cancel();
    throw new KeycloakUnreachableError(`Keycloak is not available at ${where} (HTTP ${response.status})`);
  }
  return response;
}

const GATEWAY_DOWN = new Set([502, 503, 504]);
