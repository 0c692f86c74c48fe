import { createHash } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import { z } from "zod";
import { env } from "@/lib/config/env";
import { roles } from "./roles";

/**
 * The browser's half of a session: an encrypted (A256GCM) cookie holding the session id and the signed-in
 * person's claims, so pages can authorise without a database round trip. Tokens never go in it.
 */

export const SESSION_COOKIE = "strata_session";
export const LOGIN_COOKIE = "strata_login";

const principalSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  email: z.string().optional(),
  roles: z.array(z.enum(roles)),
  kind: z.literal("user"),
});

export const sessionPayloadSchema = z.object({
  sid: z.string(),
  user: principalSchema,
  /** Unix seconds after which the claims are re-read from Keycloak (the access token's expiry). */
  refreshAt: z.number(),
  /** Unix seconds after which the session is over whatever happens. */
  expiresAt: z.number(),
});
export type SessionPayload = z.infer<typeof sessionPayloadSchema>;

export const loginStateSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  returnTo: z.string(),
});
export type LoginState = z.infer<typeof loginStateSchema>;

function key(): Uint8Array {
  return new Uint8Array(createHash("sha256").update(`strata-cookie:${env().SESSION_SECRET}`).digest());
}

export async function seal(payload: Record<string, unknown>, ttlSeconds: number): Promise<string> {
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .encrypt(key());
}

/** Decrypts and validates a cookie value; anything tampered, expired or malformed reads as absent. */
export async function unseal<T>(value: string | undefined, schema: z.ZodType<T>): Promise<T | null> {
  if (!value) return null;
  try {
    const { payload } = await jwtDecrypt(value, key());
    const parsed = schema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function cookieOptions(maxAgeSeconds: number) {
  const { APP_URL, BASE_PATH } = env();
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: APP_URL.startsWith("https://"),
    path: BASE_PATH || "/",
    maxAge: maxAgeSeconds,
  };
}
