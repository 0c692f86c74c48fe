import { randomBytes } from "node:crypto";
import * as oidc from "openid-client";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { principalFromClaims, verifyAccessToken } from "./access-token";
import { liveSessions } from "./live-sessions";
import { refreshTokens, type TokenSet } from "./oidc";
import type { SessionPayload } from "./session-cookie";

/**
 * Server-side sessions: the refresh and id tokens live in PostgreSQL, so every replica can refresh a
 * session and signing out revokes it everywhere. The cookie carries only the id and the claims.
 */

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function payloadFromTokens(sid: string, tokens: TokenSet, expiresAt: number): Promise<SessionPayload> {
  const claims = await verifyAccessToken(tokens.access_token);
  const principal = principalFromClaims(claims);
  const accessExpiresIn = tokens.expiresIn() ?? 300;
  return {
    sid,
    user: { ...principal, kind: "user" },
    refreshAt: Math.min(nowSeconds() + accessExpiresIn, expiresAt),
    expiresAt,
  };
}

export async function createSession(tokens: TokenSet): Promise<SessionPayload> {
  if (!tokens.refresh_token || !tokens.id_token) throw new Error("Keycloak did not return a refresh token and an id token");
  const sid = randomBytes(24).toString("base64url");
  const expiresAt = nowSeconds() + env().SESSION_MAX_AGE_SECONDS;
  const payload = await payloadFromTokens(sid, tokens, expiresAt);
  // Keycloak's own session id, which its back-channel logout names when the session ends there.
  const keycloakSid = tokens.claims()?.sid;
  await db().session.create({
    data: {
      id: sid,
      userId: payload.user.id,
      keycloakSid: typeof keycloakSid === "string" ? keycloakSid : null,
      refreshToken: tokens.refresh_token,
      idToken: tokens.id_token,
      expiresAt: new Date(expiresAt * 1000),
    },
  });
  return payload;
}

export type RefreshOutcome =
  | { kind: "refreshed"; payload: SessionPayload }
  | { kind: "ended" }
  | { kind: "unavailable" };

/**
 * Re-reads the claims from Keycloak with the stored refresh token. "ended" means the session is gone (signed
 * out, revoked in Keycloak, or past its lifetime); "unavailable" means Keycloak could not be asked.
 */
export async function refreshSession(current: SessionPayload): Promise<RefreshOutcome> {
  if (current.expiresAt <= nowSeconds()) return { kind: "ended" };
  const row = await db().session.findUnique({ where: { id: current.sid } });
  if (!row || row.expiresAt.getTime() <= Date.now()) return { kind: "ended" };
  let tokens: TokenSet;
  try {
    tokens = await refreshTokens(row.refreshToken);
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError && error.error === "invalid_grant") {
      await db().session.deleteMany({ where: { id: current.sid } });
      liveSessions().forget(current.sid);
      return { kind: "ended" };
    }
    logger().warn({ err: error }, "could not refresh a session: Keycloak unavailable");
    return { kind: "unavailable" };
  }
  await db().session.update({
    where: { id: current.sid },
    data: {
      refreshToken: tokens.refresh_token ?? row.refreshToken,
      idToken: tokens.id_token ?? row.idToken,
      refreshedAt: new Date(),
    },
  });
  return { kind: "refreshed", payload: await payloadFromTokens(current.sid, tokens, current.expiresAt) };
}

/**
 * Whether the session a cookie names still exists: checked on every request (lib/auth/gate.ts), so signing
 * out, a revocation and a back-channel logout take effect at once, and a cookie sealed by anyone who knows
 * the secret but naming no live row opens nothing. A row found live is remembered until PostgreSQL says it
 * ended (lib/auth/live-sessions.ts); only what is not remembered is read.
 */
export async function isSessionLive(sid: string): Promise<boolean> {
  const memory = liveSessions();
  if (memory.has(sid)) return true;
  const ticket = memory.ticket();
  const row = await db().session.findUnique({ where: { id: sid }, select: { expiresAt: true } });
  const live = row !== null && row.expiresAt.getTime() > Date.now();
  if (live) memory.remember(sid, row.expiresAt, ticket);
  return live;
}

/**
 * Ends the sessions a Keycloak back-channel logout names: by Keycloak session id when the token carries
 * one, else every session of the subject. Returns how many ended.
 */
export async function endKeycloakSessions(target: { keycloakSid?: string; userId?: string }): Promise<number> {
  // RETURNING names the rows, so this process forgets them before answering (the trigger's notice is async).
  const ended = target.keycloakSid
    ? await db().$queryRaw<{ id: string }[]>`DELETE FROM "sessions" WHERE "keycloak_sid" = ${target.keycloakSid} RETURNING "id"`
    : target.userId
      ? await db().$queryRaw<{ id: string }[]>`DELETE FROM "sessions" WHERE "user_id" = ${target.userId} RETURNING "id"`
      : [];
  for (const { id } of ended) liveSessions().forget(id);
  return ended.length;
}

/** Removes the session and returns its id token, which Keycloak wants as a hint for single sign-out. */
export async function destroySession(sid: string): Promise<string | undefined> {
  const row = await db().session.findUnique({ where: { id: sid } });
  await db().session.deleteMany({ where: { id: sid } });
  liveSessions().forget(sid);
  return row?.idToken;
}

export async function deleteExpiredSessions(): Promise<number> {
  const { count } = await db().session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
