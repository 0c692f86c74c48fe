/** The answer of both download routes: a redirect to the presigned URL, never cached, no referrer to the store. */
export function outputRedirect({ url, tier }: { url: string; tier: "hot" | "cold" }): Response {
  return new Response(null, {
    status: 302,
    headers: { location: url, "cache-control": "no-store", "referrer-policy": "no-referrer", "x-output-tier": tier },
  });
}
