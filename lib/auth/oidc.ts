import * as oidc from "openid-client";
import { env } from "@/lib/config/env";

/** Keycloak over OpenID Connect: discovery is cached per process and retried after a failure. */

let configuration: Promise<oidc.Configuration> | undefined;

export function oidcConfiguration(): Promise<oidc.Configuration> {
  if (!configuration) {
    const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = env();
    const issuer = new URL(OIDC_ISSUER);
    configuration = oidc
      .discovery(issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, undefined, {
        // Local and air-gapped Keycloaks often speak plain HTTP on loopback or a private network.
        execute: issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [],
        timeout: 5,
      })
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
  }
  return configuration;
}

export function callbackUrl(): string {
  const { APP_URL, BASE_PATH } = env();
  return `${APP_URL}${BASE_PATH}/auth/callback`;
}

export async function startLogin(returnTo: string) {
  const config = await oidcConfiguration();
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
