import type { BrowserContext } from "@playwright/test";
import { SESSION_COOKIE, seal, sessionPayloadSchema, unseal, type SessionPayload } from "../../lib/auth/session-cookie";

/**
 * Reads and rewrites the console's encrypted session cookie, with the same secret the local console uses,
 * so a test can make claims due for refresh without waiting five minutes.
 */
export async function readSession(context: BrowserContext): Promise<{ payload: SessionPayload; domain: string }> {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  const payload = await unseal(cookie.value, sessionPayloadSchema);
  if (!payload) throw new Error("the session cookie did not decrypt: is SESSION_SECRET the console's?");
  return { payload, domain: cookie.domain };
}

export async function writeSession(context: BrowserContext, domain: string, payload: SessionPayload): Promise<void> {
  const value = await seal(payload, payload.expiresAt - Math.floor(Date.now() / 1000));
  await context.addCookies([{ name: SESSION_COOKIE, value, domain, path: "/", httpOnly: true, sameSite: "Lax" }]);
}
