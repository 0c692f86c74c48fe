/**
 * Checks every request gets in proxy.ts before anything else runs, so a route handler, server action or
 * page added later is covered without opting in:
 *  - cross-site request forgery: a state-changing request whose `Origin` is not the console's, or whose
 *    `Sec-Fetch-Site` says another site or a sibling origin (`same-site`: another port or subdomain, which
 *    SameSite=Lax cookies do not stop), is refused. Services calling /api/v1 send no `Origin` and pass.
 *  - bodies: a route handler (`/api/…`) reads JSON only, so a body of another type (the `text/plain` a
 *    no-cors form or fetch can send cross-site without a preflight) is refused before it is parsed.
 *  - path segments: malformed percent-encoding and `.`/`..` segments (also as `%2e%2e`) are 400s, never a
 *    decoding crash, a redirect to the parent, or a path that means something else once normalised.
 */

import type { ErrorCode } from "./errors";

export type Refusal = { status: number; code: ErrorCode; message: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type GuardedRequest = {
  method: string;
  headers: Headers;
  /** The path exactly as the client sent it (still percent-encoded, dot segments not yet removed). */
  rawPath: string;
};

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * `appOrigin` is APP_URL's origin. The request's own `Host` is accepted too: a browser sets it to the
 * server it talks to, never to the attacker's page, so Origin host == Host is same-origin however the
 * console is reached (e.g. through 127.0.0.1 on a developer machine).
 */
export function crossSiteRefusal(request: GuardedRequest, appOrigin: string): Refusal | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const host = hostOf(origin);
    if (origin !== appOrigin && (host === null || host !== request.headers.get("host"))) {
      return { status: 403, code: "cross_origin", message: `Requests that change something must come from the console itself, not from ${origin}.` };
    }
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    return { status: 403, code: "cross_origin", message: `Requests that change something must come from the console itself (this one is ${site}).` };
  }
  return null;
}

function hasBody(headers: Headers): boolean {
  const length = headers.get("content-length");
  return headers.has("transfer-encoding") || (length !== null && length !== "0");
}

/** `application/json` or any `+json` type, with or without parameters. */
export function isJsonType(contentType: string | null): boolean {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

export function bodyTypeRefusal(request: GuardedRequest, pathname: string): Refusal | null {
  if (SAFE_METHODS.has(request.method) || !pathname.startsWith("/api/") || !hasBody(request.headers)) return null;
  if (isJsonType(request.headers.get("content-type"))) return null;
  return { status: 415, code: "unsupported_media_type", message: "Send the body as JSON with `Content-Type: application/json`." };
}

/** A path segment decoded once; null when it is not valid percent-encoding. */
export function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function pathRefusal(rawPath: string): Refusal | null {
  const path = rawPath.split(/[?#]/, 1)[0]!;
  for (const segment of path.split("/").slice(1)) {
    const decoded = decodePathSegment(segment);
    if (decoded === null) {
      return { status: 400, code: "bad_request", message: `The address has a malformed percent-encoded part (${segment.slice(0, 40)}).` };
    }
    if (decoded === "." || decoded === "..") {
      return { status: 400, code: "bad_request", message: `The address has a "${decoded}" part, which names no resource here.` };
    }
  }
  return null;
}

const KNOWN_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

/** TRACE, CONNECT and invented methods reach no handler; Next.js would answer them with a 500 page. */
export function methodRefusal(request: GuardedRequest): Refusal | null {
  if (KNOWN_METHODS.has(request.method)) return null;
  return { status: 405, code: "method_not_allowed", message: `${request.method} is not a method Strata answers.` };
}

/** The first refusal that applies, checked in order: method, path, origin, body type. */
export function requestRefusal(request: GuardedRequest, appOrigin: string, pathname: string): Refusal | null {
  return methodRefusal(request) ?? pathRefusal(request.rawPath) ?? crossSiteRefusal(request, appOrigin) ?? bodyTypeRefusal(request, pathname);
}
