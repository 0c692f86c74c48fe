import { NextRequest } from "next/server";
import { describe, expect, test } from "vitest";
import { RAW_PATH_HEADER } from "@/lib/http/raw-path";
import { proxy } from "@/proxy";

/**
 * `PUT …/%2e%2e` used to answer Next's 308: URL parsing turned the path into its parent with a trailing
 * slash, and Next's trailing-slash redirect ran before the proxy. The proxy now checks the raw path (recorded
 * by lib/http/raw-path.ts; here set as the server would) and redirects trailing slashes itself.
 * e2e/security.spec.ts sends the same requests over a socket to the real console.
 */
function parsedAs(rawPath: string, method = "PUT") {
  const parsed = new URL(rawPath, "http://localhost:3000").href;
  return new NextRequest(parsed, { method, headers: { [RAW_PATH_HEADER]: rawPath, authorization: "Bearer x", "content-type": "application/json" } });
}

describe("dot segments in the raw path", () => {
  test("are a 400 JSON answer, whatever the method, encoded or not", async () => {
    for (const raw of ["/api/v1/contexts/x/%2e%2e", "/api/v1/contexts/x/%2E%2e/y/messages", "/api/v1/contexts/x/.%2e", "/api/files/buckets/b/objects/%2e"]) {
      for (const method of ["PUT", "GET", "DELETE"]) {
        const response = await proxy(parsedAs(raw, method));
        expect([raw, method, response.status]).toEqual([raw, method, 400]);
        expect((await response.json()).error.code).toBe("bad_request");
      }
    }
  });

  test("a trailing slash is still redirected to the path without it (query kept)", async () => {
    const response = await proxy(parsedAs("/files/?a=1", "GET"));
    expect(response.status).toBe(308);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.pathname}${location.search}`).toBe("/files?a=1");
  });
});
