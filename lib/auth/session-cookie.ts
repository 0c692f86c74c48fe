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
  const known = opened.get(schema)?.get(value);
  if (known && known.expiresAtMs > Date.now()) return known.data as T;
  try {
    const { payload } = await jwtDecrypt(value, key());
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return null;
    remember(schema, value, parsed.data, (payload.exp ?? 0) * 1000);
    return parsed.data;
  } catch {
    return null;
  }
}

// Every request opens the session cookie twice (the gate in proxy.ts, then the page or handler asking who
// it is), and a browser sends the same value until it is renewed: the same ciphertext always opens to the
// same claims, so what was opened is kept, by exact value, until the cookie's own expiry. Bounded; the
// oldest makes room. Frozen, because every request holding that cookie gets the same object.
const MAX_OPENED = 10_000;
const opened = new WeakMap<z.ZodType, Map<string, { data: unknown; expiresAtMs: number }>>();

function remember(schema: z.ZodType, value: string, data: unknown, expiresAtMs: number) {
  let bySchema = opened.get(schema);
  if (!bySchema) opened.set(schema, (bySchema = new Map()));
  if (bySchema.size >= MAX_OPENED) bySchema.delete(bySchema.keys().next().value!);
  bySchema.set(value, { data: deepFreeze(data), expiresAtMs });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
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
