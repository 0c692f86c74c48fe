import { createHash, randomBytes } from "node:crypto";

/** A share-link token: 32 random bytes, base64url (43 characters). Only its hash is stored. */
export function newShareToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashShareToken(token) };
}

export function hashShareToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** True when the string could be a token Strata issued, so garbage never reaches the database. */
export function looksLikeShareToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
