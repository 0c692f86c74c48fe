import { NextRequest } from "next/server";
import { describe, expect, test } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";
import { proxy } from "@/proxy";

const config = { appUrl: "https://strata.example.com", storeOrigins: ["https://s3.example.com"], keycloakOrigin: "https://sso.example.com", development: false };

describe("security headers", () => {
  test("every answer of the proxy carries a nonce CSP, Permissions-Policy and frame-ancestors 'none'", async () => {
    for (const request of [
      new NextRequest("http://localhost:3000/signed-out"),
      new NextRequest("http://localhost:3000/files", { headers: { accept: "text/html" } }),
      new NextRequest("http://localhost:3000/api/files/buckets/x/folders", { method: "POST", headers: { origin: "http://evil.test" } }),
    ]) {
      const response = await proxy(request);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers.get("permissions-policy")).toContain("camera=()");
    }
  });

  test("a fresh nonce per request, handed to the page in x-nonce and the request's CSP", async () => {
    const [a, b] = await Promise.all([proxy(new NextRequest("http://localhost:3000/signed-out")), proxy(new NextRequest("http://localhost:3000/signed-out"))]);
    const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    // Next.js passes overridden request headers to the page this way.
    expect(a.headers.get("x-middleware-request-x-nonce")).toBe(nonceOf(a));
    expect(a.headers.get("x-middleware-request-content-security-policy")).toContain(`'nonce-${nonceOf(a)}'`);
  });

  test("no unsafe-inline for scripts; unsafe-eval only in development", () => {
    const production = contentSecurityPolicy("n0nce", config);
    const scripts = /script-src ([^;]+)/.exec(production)![1]!;
    expect(scripts).not.toContain("unsafe-inline");
    expect(scripts).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("n0nce", { ...config, development: true })).toContain("'unsafe-eval'");
  });

  test("the object store and Keycloak are the only other origins; HSTS and upgrade only under https", () => {
    const csp = contentSecurityPolicy("n", config);
    expect(csp).toContain("connect-src 'self' https://s3.example.com");
    expect(csp).toContain("form-action 'self' https://sso.example.com https://s3.example.com");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(securityHeaders("n", config)["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    const plain = securityHeaders("n", { ...config, appUrl: "http://localhost:3000" });
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(plain["content-security-policy"]).not.toContain("upgrade-insecure-requests");
  });
});
