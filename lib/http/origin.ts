/** Where a request came from, for the audit log: the first forwarded address (we sit behind an ingress) and the agent. */
export type RequestOrigin = { ip: string | null; userAgent: string | null };

export function originFromHeaders(headers: Headers): RequestOrigin {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: forwarded || headers.get("x-real-ip") || null,
    userAgent: headers.get("user-agent"),
  };
}
