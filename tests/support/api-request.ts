import { NextRequest } from "next/server";

/**
 * A request to an /api/v1 route handler as a service or person sends it: the bearer token (none for the
 * anonymous case), a JSON body (a string goes as it is, so a test can send malformed JSON) and any
 * extra headers (a link unfurler's user agent, say).
 */
export function apiRequest(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`http://localhost:3000/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      "user-agent": "vitest",
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
}
