import * as oidc from "openid-client";
import { env } from "@/lib/config/env";
import { keycloakFetch } from "./keycloak-fetch";

/**
 * Keycloak over OpenID Connect: discovery is cached per process and retried after a failure. Its requests,
 * and the token, refresh and end-session calls of the configuration it returns, go through keycloakFetch.
 */

let configuration: Promise<oidc.Configuration> | undefined;

function discover(): Promise<oidc.Configuration> {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = env();
  const issuer = new URL(OIDC_ISSUER);
  return oidc.discovery(issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, undefined, {
    // Local and air-gapped Keycloaks often speak plain HTTP on loopback or a private network.
    execute: issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [],
    timeout: 5,
    // openid-client types its bodies as Uint8Array<ArrayBufferLike>, which fetch takes but the DOM typings'
    // BodyInit (ArrayBuffer-backed views only) does not name: the same value, typed narrower.
    [oidc.customFetch]: (url, options) => keycloakFetch(url, options as RequestInit),
  });
}

export function oidcConfiguration(): Promise<oidc.Configuration> {
  configuration ??= discover().catch((error: unknown) => {
    configuration = undefined;
    throw error;
  });
  return configuration;
}

export function callbackUrl(): string {
  const { APP_URL, BASE_PATH } = env();
  return `${APP_URL}${BASE_PATH}/auth/callback`;
}

export async function startLogin(returnTo: string) {
  // Discovered afresh, not from the cache: this proves Keycloak answers the console before a browser is sent
  // there (the callback's code exchange needs it), so an outage is a readable 503 now rather than a failure
  // after the person has typed a password. One request per sign-in; it also refreshes the cache.
  const config = await discover();
  configuration = Promise.resolve(config);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(),
    scope: env().OIDC_SCOPES,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url, login: { state, nonce, codeVerifier, returnTo } };
}

export async function finishLogin(currentUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }) {
  const config = await oidcConfiguration();
  return oidc.authorizationCodeGrant(config, currentUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
}

export async function refreshTokens(refreshToken: string) {
  return oidc.refreshTokenGrant(await oidcConfiguration(), refreshToken);
}

export async function endSessionUrl(idToken: string | undefined, postLogoutRedirect: string): Promise<URL> {
  return oidc.buildEndSessionUrl(await oidcConfiguration(), {
    post_logout_redirect_uri: postLogoutRedirect,
    ...(idToken ? { id_token_hint: idToken } : { client_id: env().OIDC_CLIENT_ID }),
  });
}

export type TokenSet = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
