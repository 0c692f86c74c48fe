import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

/**
 * The path exactly as the client sent it. Next.js parses every request URL with the WHATWG URL parser before
 * proxy.ts runs, and that parser removes dot segments, `%2e%2e` included: `PUT /api/v1/contexts/u/%2e%2e`
 * reached the proxy as `/api/v1/contexts/` (then Next's trailing-slash redirect answered 308), and
 * `/a/%2e%2e/b` as `/b`, a different resource than the client named. Node's HTTP server announces each
 * request on the `http.server.request.start` diagnostics channel before any listener sees it; the raw
 * `req.url` is copied into a request header there (overwriting whatever a client sent under that name),
 * and the proxy checks that path (lib/auth/request-checks.ts).
 */
export const RAW_PATH_HEADER = "x-strata-raw-path";

let installed = false;

function record(message: unknown) {
  const request = (message as { request?: IncomingMessage }).request;
  if (request) request.headers[RAW_PATH_HEADER] = request.url ?? "/";
}

/** Called once per console process (instrumentation.ts); later calls do nothing. */
export function recordRawPaths() {
  if (installed) return;
  installed = true;
  subscribe("http.server.request.start", record);
}

/** The raw path when the server recorded one, else the parsed pathname (the edge runtime, tests). */
export function rawPathOf(headers: Headers, parsedPathname: string): string {
  const raw = headers.get(RAW_PATH_HEADER);
  return raw && raw.startsWith("/") ? raw : parsedPathname;
}
