import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, customFetch, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { unreachableDependency } from "@/lib/http/dependency-errors";
import { describeError } from "@/lib/http/errors";
import { internalKeycloakUrl, keycloakFetch, KeycloakUnreachableError } from "./keycloak-fetch";

const issuer = "https://sso.example.com/realms/strata";

describe("which address a Keycloak URL is requested at", () => {
  test("without OIDC_INTERNAL_URL every URL is requested as it is", () => {
    const url = `${issuer}/protocol/openid-connect/certs`;
    expect(internalKeycloakUrl(url, { OIDC_ISSUER: issuer, OIDC_INTERNAL_URL: undefined })).toBe(url);
  });

  test("a URL on the issuer's origin keeps its path and query on the internal origin (scheme and port too)", () => {
    const config = { OIDC_ISSUER: issuer, OIDC_INTERNAL_URL: "http://keycloak.auth.svc:8080" };
    expect(internalKeycloakUrl(`${issuer}/.well-known/openid-configuration`, config)).toBe(
      "http://keycloak.auth.svc:8080/realms/strata/.well-known/openid-configuration",
    );
    expect(internalKeycloakUrl("https://sso.example.com/realms/strata/protocol/openid-connect/logout?client_id=a%20b", config)).toBe(
      "http://keycloak.auth.svc:8080/realms/strata/protocol/openid-connect/logout?client_id=a%20b",
    );
    // The issuer's explicit port is not carried to an internal origin that has none.
    expect(internalKeycloakUrl("http://localhost:8080/realms/strata/x", { OIDC_ISSUER: "http://localhost:8080/realms/strata", OIDC_INTERNAL_URL: "http://kc" })).toBe(
      "http://kc/realms/strata/x",
    );
  });

  test("a URL on another origin (another host, scheme or port than the issuer's) is left alone", () => {
    const config = { OIDC_ISSUER: issuer, OIDC_INTERNAL_URL: "http://keycloak.auth.svc:8080" };
    for (const url of ["https://other.example.com/realms/strata/x", "http://sso.example.com/realms/strata/x", "https://sso.example.com:8443/realms/strata/x"]) {
      expect(internalKeycloakUrl(url, config)).toBe(url);
    }
  });
});

describe("requests on the wire", () => {
  let server: Server;
  let internal: string;
  const seen: { url: string | undefined; host: string | undefined }[] = [];
  let answer = 200;

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      seen.push({ url: request.url, host: request.headers.host });
      response.writeHead(answer, { "content-type": "application/json" }).end(JSON.stringify({ answered: answer }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    internal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("a request for the issuer reaches the internal address, and its answer comes back as it was", async () => {
    answer = 404;
    const response = await keycloakFetch(`${issuer}/protocol/openid-connect/certs?x=1`, { method: "GET" }, { OIDC_ISSUER: issuer, OIDC_INTERNAL_URL: internal });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ answered: 404 });
    expect(seen.at(-1)).toEqual({ url: "/realms/strata/protocol/openid-connect/certs?x=1", host: new URL(internal).host });
  });

  test("a gateway saying Keycloak is not there (503) is Keycloak unreachable: a 503 naming it, not a 500", async () => {
    answer = 503;
    const error = await keycloakFetch(`${issuer}/x`, {}, { OIDC_ISSUER: issuer, OIDC_INTERNAL_URL: internal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeycloakUnreachableError);
    expect((error as Error).message).toContain("HTTP 503");
    const { status, body } = describeError(new Error("openid-client wraps it", { cause: error }));
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: "unavailable", details: { dependency: "Keycloak" } });
    expect(body.error.message).toContain("Keycloak");
  });

  test("a refused connection is Keycloak unreachable, with the reason", async () => {
    // A port that was just listening and is closed now: connections to it are refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await keycloakFetch(`${issuer}/x`, {}, { OIDC_ISSUER: issuer, OIDC_INTERNAL_URL: `http://127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeycloakUnreachableError);
    expect((error as Error).message).toBe(`Keycloak did not answer at http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(unreachableDependency(error)).toBe("Keycloak");

    // jose passes it on as it is, so a bearer token whose keys cannot be fetched is a 503, not "invalid".
    const keys = createRemoteJWKSet(new URL(`${issuer}/protocol/openid-connect/certs`), {
      [customFetch]: (url, init) => keycloakFetch(url, init, { OIDC_ISSUER: issuer, OIDC_INTERNAL_URL: `http://127.0.0.1:${port}` }),
    });
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(issuer).sign(privateKey);
    const verifyError = await jwtVerify(token, keys).catch((e: unknown) => e);
    expect(verifyError).toBeInstanceOf(KeycloakUnreachableError);
    expect(describeError(verifyError).status).toBe(503);
  });
});
