import { createServer, request as forward, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyAccessToken } from "@/lib/auth/access-token";
import { endSessionUrl, refreshTokens, startLogin } from "@/lib/auth/oidc";
import { env } from "@/lib/config/env";
import { checkReadiness } from "@/lib/health/checks";
import { unreachableDependency } from "@/lib/http/dependency-errors";
import { serviceToken } from "../support/keycloak";

/**
 * OIDC_INTERNAL_URL against the real Keycloak: the console's own requests go through a forwarder this test
 * runs (and can stop), while the issuer and every URL for a browser stay the public issuer. The forwarder
 * passes requests on unchanged (Host included), which works because the dev Keycloak's hostname is fixed.
 */

const issuer = process.env.OIDC_ISSUER ?? "http://localhost:8080/realms/strata";
const keycloak = new URL(issuer);
const paths: string[] = [];
let down = false;
let forwarder: Server;

beforeAll(async () => {
  forwarder = createServer((incoming, outgoing) => {
    if (down) return incoming.socket.destroy();
    paths.push(incoming.url ?? "");
    const upstream = forward(
      { host: keycloak.hostname === "localhost" ? "127.0.0.1" : keycloak.hostname, port: keycloak.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => forwarder.listen(0, "127.0.0.1", resolve));
  // Before anything reads the configuration: env() is parsed once per module graph, and this file has its own.
  process.env.OIDC_INTERNAL_URL = `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}`;
  expect(env().OIDC_INTERNAL_URL).toBe(process.env.OIDC_INTERNAL_URL);
});

afterAll(() => new Promise<void>((resolve) => forwarder.close(() => resolve())));

describe("the console reaches Keycloak at OIDC_INTERNAL_URL", () => {
  let token: string;

  test("sign-in, keys and readiness go through it; the browser is sent to the public issuer", async () => {
    const { url } = await startLogin("/files");
    expect(url.origin).toBe(keycloak.origin);
    expect(url.pathname).toBe(`${keycloak.pathname}/protocol/openid-connect/auth`);
    expect(paths).toContain(`${keycloak.pathname}/.well-known/openid-configuration`);

    token = await serviceToken();
    const claims = await verifyAccessToken(token);
    expect(claims.iss).toBe(issuer);
    expect(paths).toContain(`${keycloak.pathname}/protocol/openid-connect/certs`);

    // The token endpoint (code exchange, refresh) too: Keycloak itself answers that this refresh token is bad.
    const refused = await refreshTokens("not-a-refresh-token").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(oidc.ResponseBodyError);
    expect((refused as oidc.ResponseBodyError).error).toBe("invalid_grant");
    expect(paths).toContain(`${keycloak.pathname}/protocol/openid-connect/token`);

    const signOut = await endSessionUrl(undefined, "http://localhost:3000/signed-out");
    expect(signOut.origin).toBe(keycloak.origin);

    const before = paths.length;
    expect((await checkReadiness()).checks.keycloak.ok).toBe(true);
    expect(paths.length).toBeGreaterThan(before);
  });

  test("with the internal address gone: sign-in start fails as Keycloak unreachable, cached keys still verify", async () => {
    down = true;
    try {
      const error = await startLogin("/").catch((e: unknown) => e);
      expect(unreachableDependency(error)).toBe("Keycloak");
      expect((await verifyAccessToken(token)).iss).toBe(issuer);
      const keycloakCheck = (await checkReadiness()).checks.keycloak;
      expect(keycloakCheck.ok).toBe(false);
      expect(keycloakCheck.error).toContain("Keycloak did not answer at http://127.0.0.1:");
    } finally {
      down = false;
    }
    expect((await startLogin("/")).url.origin).toBe(keycloak.origin);
  });
});
