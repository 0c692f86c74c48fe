import { logger } from "@/lib/log/logger";

function page(status: number, title: string, message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Strata</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#fafafa;color:#18181b}
main{max-width:32rem;padding:2rem;text-align:center}p{color:#52525b}a{color:#1f63c7}</style></head>
<body><main><p>${status}</p><h1>${title}</h1><p>${message}</p><p><a href="./signin">Try signing in again</a></p></main></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

/** Keycloak could not be reached: say so plainly instead of a stack trace. */
export function signInUnavailable(error: unknown): Response {
  logger().error({ err: error }, "sign-in unavailable: Keycloak did not answer");
  return page(503, "Sign-in is unavailable", "Strata could not reach Keycloak, which handles sign-in. Check that Keycloak is running (the Health page and /api/health/ready show it), then try again.");
}

/** The callback did not complete (expired or replayed login, a denied consent, a tampered state). */
export function signInFailed(reason: string): Response {
  return page(400, "Sign-in did not complete", `${reason} Start again from the sign-in page.`);
}
