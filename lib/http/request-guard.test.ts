import { describe, expect, test } from "vitest";
import { bodyTypeRefusal, crossSiteRefusal, isJsonType, pathRefusal, requestRefusal } from "./request-guard";

const app = "http://localhost:3000";

function req(method: string, headers: Record<string, string> = {}, rawPath = "/api/files/buckets") {
  return { method, headers: new Headers({ host: "localhost:3000", ...headers }), rawPath };
}

describe("cross-site requests", () => {
  test("safe methods pass whatever their origin", () => {
    expect(crossSiteRefusal(req("GET", { origin: "http://evil.test", "sec-fetch-site": "cross-site" }), app)).toBeNull();
    expect(crossSiteRefusal(req("HEAD", { origin: "http://evil.test" }), app)).toBeNull();
  });

  test("a state-changing request from the console's origin passes", () => {
    expect(crossSiteRefusal(req("POST", { origin: app, "sec-fetch-site": "same-origin" }), app)).toBeNull();
    expect(crossSiteRefusal(req("DELETE", { origin: app }), app)).toBeNull();
  });

  test("a sibling origin (another port: same site, so SameSite=Lax lets the cookie through) is refused", () => {
    const refusal = crossSiteRefusal(req("POST", { origin: "http://localhost:33125", "sec-fetch-site": "same-site" }), app);
    expect(refusal).toMatchObject({ status: 403, code: "cross_origin" });
    expect(refusal?.message).toContain("http://localhost:33125");
  });

  test("Sec-Fetch-Site alone refuses cross-site and same-site; an opaque origin is refused", () => {
    for (const site of ["cross-site", "same-site"]) expect(crossSiteRefusal(req("PUT", { "sec-fetch-site": site }), app)?.status).toBe(403);
    expect(crossSiteRefusal(req("POST", { origin: "null" }), app)?.status).toBe(403);
  });

  test("services (no Origin, no Sec-Fetch-Site) pass", () => {
    expect(crossSiteRefusal(req("POST", { authorization: "Bearer x" }), app)).toBeNull();
  });

  test("the request's own host counts as the console (reached as 127.0.0.1 on a developer machine)", () => {
    expect(crossSiteRefusal(req("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), app)).toBeNull();
    expect(crossSiteRefusal(req("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" }), app)?.status).toBe(403);
  });
});

describe("body types on route handlers", () => {
  test("a text/plain body to a route handler is refused with 415 (the no-cors forgery)", () => {
    const refusal = bodyTypeRefusal(req("POST", { "content-type": "text/plain;charset=UTF-8", "content-length": "20" }), "/api/files/buckets/b/folders");
    expect(refusal).toMatchObject({ status: 415, code: "unsupported_media_type" });
    expect(bodyTypeRefusal(req("POST", { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" }), "/api/v1/contexts/u/c")?.status).toBe(415);
  });

  test("JSON bodies, bodiless requests and non-API paths (server actions, sign-out) pass", () => {
    expect(bodyTypeRefusal(req("POST", { "content-type": "application/json; charset=utf-8", "content-length": "2" }), "/api/x")).toBeNull();
    expect(bodyTypeRefusal(req("DELETE", { "content-length": "0" }), "/api/x")).toBeNull();
    expect(bodyTypeRefusal(req("POST", { "content-type": "text/plain", "content-length": "9" }), "/files/b")).toBeNull();
  });

  test("json types", () => {
    expect(isJsonType("application/json")).toBe(true);
    expect(isJsonType("application/merge-patch+json")).toBe(true);
    expect(isJsonType("text/json")).toBe(false);
    expect(isJsonType(null)).toBe(false);
  });
});

test("TRACE and invented methods are a 405", () => {
  for (const method of ["TRACE", "CONNECT", "PROPFIND"]) expect(requestRefusal(req(method), app, "/contexts")).toMatchObject({ status: 405, code: "method_not_allowed" });
  expect(requestRefusal(req("OPTIONS"), app, "/api/x")).toBeNull();
});

describe("path segments", () => {
  test("malformed percent-encoding is a 400", () => {
    for (const path of ["/api/v1/contexts/%zz/c", "/files/user-data/%E0%A4%A", "/files/user-data/%zz"]) {
      expect(pathRefusal(path)).toMatchObject({ status: 400, code: "bad_request" });
    }
  });

  test("dot segments, plain or encoded, are a 400", () => {
    for (const path of ["/api/files/buckets/x/%2e%2e", "/api/files/buckets/%2E%2e/objects", "/a/./b", "/api/files/buckets/x/.."]) {
      expect(pathRefusal(path)?.status).toBe(400);
    }
  });

  test("ordinary encoded segments pass (keys with %, spaces, unicode, an encoded slash)", () => {
    expect(pathRefusal("/files/user-data/a%20b/%25/%E2%9C%93/..%2Fbackups?x=%zz")).toBeNull();
  });

  test("path problems come before origin and body checks", () => {
    expect(requestRefusal(req("POST", { origin: "http://evil.test" }, "/api/%zz"), app, "/api/%zz")?.code).toBe("bad_request");
  });
});
