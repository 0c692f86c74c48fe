import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { hasRole } from "@/lib/auth/roles";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { Prisma, ShareLink } from "@/lib/generated/prisma/client";
import { badRequest, notFound } from "@/lib/http/errors";
import type { RequestOrigin } from "@/lib/http/origin";
import { s3 } from "@/lib/s3/client";
import { baseName, s3Uri } from "./names";
import { presignDownload } from "./presign";
import { explainS3Error, isS3NotFound } from "./s3-errors";
import { hashShareToken, looksLikeShareToken, newShareToken } from "./share-token";
import type { Caller } from "@/lib/auth/caller";
import { authorize, mutate } from "@/lib/auth/mutate";

export const createShareLinkSchema = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1).refine((k) => !k.endsWith("/"), "Share a file, not a folder."),
  expiresInSeconds: z.number().int().min(60, "A link lives at least a minute."),
  maxDownloads: z.number().int().min(1, "A download limit is at least 1.").max(1_000_000).nullish(),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").nullish(),
});
export type CreateShareLinkInput = z.infer<typeof createShareLinkSchema>;

export type ShareLinkView = {
  id: string;
  bucket: string;
  key: string;
  filename: string;
  note: string | null;
  createdBy: string;
  createdById: string;
  createdAt: string;
  expiresAt: string;
  maxDownloads: number | null;
  downloads: number;
  lastAccessAt: string | null;
  revokedAt: string | null;
  state: "active" | "expired" | "revoked" | "exhausted";
};

function stateOf(link: ShareLink, now = new Date()): ShareLinkView["state"] {
  if (link.revokedAt) return "revoked";
  if (link.expiresAt <= now) return "expired";
  if (link.maxDownloads !== null && link.downloads >= link.maxDownloads) return "exhausted";
  return "active";
}

function toView(link: ShareLink): ShareLinkView {
  return {
    id: link.id,
    bucket: link.bucket,
    key: link.key,
    filename: link.filename,
    note: link.note,
    createdBy: link.createdByName,
    createdById: link.createdById,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    maxDownloads: link.maxDownloads,
    downloads: link.downloads,
    lastAccessAt: link.lastAccessAt?.toISOString() ?? null,
    revokedAt: link.revokedAt?.toISOString() ?? null,
    state: stateOf(link),
  };
}

/** The public address of a link: the app's own URL (with its base path), never the store's. */
export function shareLinkUrl(token: string): string {
  const { APP_URL, BASE_PATH } = env();
  return `${new URL(APP_URL).origin}${BASE_PATH}/d/${token}`;
}

/** Creates a link; the token is returned this once and only its SHA-256 is stored. */
export async function createShareLink(caller: Caller, input: CreateShareLinkInput): Promise<{ url: string; link: ShareLinkView }> {
  const request = createShareLinkSchema.parse(input);
  return mutate(
    caller,
    { role: "editor", action: "files.share-link.create", target: s3Uri(request.bucket, request.key) },
    async () => {
      const maxSeconds = env().FILES_SHARE_LINK_MAX_DAYS * 86_400;
      if (request.expiresInSeconds > maxSeconds) throw badRequest(`A link lives at most ${env().FILES_SHARE_LINK_MAX_DAYS} days.`);
      try {
        await s3().send(new HeadObjectCommand({ Bucket: request.bucket, Key: request.key }));
      } catch (error) {
        throw explainS3Error(error, `s3://${request.bucket}/${request.key}`);
      }
      const { token, hash } = newShareToken();
      const link = await db().shareLink.create({
        data: {
          tokenHash: hash,
          bucket: request.bucket,
          key: request.key,
          filename: baseName(request.key),
          note: request.note || null,
          createdById: caller.actor.id,
          createdByName: caller.actor.name || caller.actor.username,
          expiresAt: new Date(Date.now() + request.expiresInSeconds * 1000),
          maxDownloads: request.maxDownloads ?? null,
        },
      });
      return { url: shareLinkUrl(token), link: toView(link) };
    },
    (r) => ({ linkId: r.link.id, expiresAt: r.link.expiresAt, maxDownloads: r.link.maxDownloads }),
  );
}

export const listShareLinksSchema = z.object({
  scope: z.enum(["mine", "all"]).default("mine"),
  /** "active": still usable; "inactive": revoked, expired or used up (what clean-up removes). */
  state: z.enum(["any", "active", "inactive"]).default("any"),
  bucket: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Links, newest first; everyone's only for admins. */
export async function listShareLinks(caller: Caller, query: z.input<typeof listShareLinksSchema>): Promise<ShareLinkView[]> {
  const { scope, state, bucket, key, before, limit } = listShareLinksSchema.parse(query);
  if (scope === "all") await authorize(caller, { role: "admin", action: "files.share-link.list-all", target: "files:share-links" });
  const links = await db().shareLink.findMany({
    where: {
      ...(scope === "mine" ? { createdById: caller.actor.id } : {}),
      ...(bucket ? { bucket } : {}),
      ...(key ? { key } : {}),
      ...(before ? { createdAt: { lt: new Date(before) } } : {}),
      ...(state === "active" ? activeLinks() : state === "inactive" ? inactiveLinks() : {}),
    },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return links.map(toView);
}

/** Links that still answer with a download: not revoked, not expired, downloads left. */
function activeLinks(now = new Date()): Prisma.ShareLinkWhereInput {
  return {
    revokedAt: null,
    expiresAt: { gt: now },
    OR: [{ maxDownloads: null }, { downloads: { lt: db().shareLink.fields.maxDownloads } }],
  };
}

/** Links that never will again: revoked, expired or used up. */
function inactiveLinks(now = new Date()): Prisma.ShareLinkWhereInput {
  return { OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }, { downloads: { gte: db().shareLink.fields.maxDownloads } }] };
}

/**
 * Deletes the caller's links that can no longer be used (revoked, expired or used up), with their access
 * logs; admins may clean up everyone's. Audited with the count.
 */
export async function deleteInactiveShareLinks(caller: Caller, scope: "mine" | "all"): Promise<{ deleted: number }> {
  return mutate(
    caller,
    { role: scope === "all" ? "admin" : "editor", action: "files.share-link.clean-up", target: scope === "all" ? "files:share-links" : `files:share-links/${caller.actor.id}` },
    async () => {
      const { count } = await db().shareLink.deleteMany({ where: { ...(scope === "mine" ? { createdById: caller.actor.id } : {}), ...inactiveLinks() } });
      return { deleted: count };
    },
    (r) => r,
  );
}

const linkId = z.uuid();

/** Revokes a link at once: the next request to it answers 410. Its creator or an admin may. */
export async function revokeShareLink(caller: Caller, id: string): Promise<ShareLinkView> {
  const link = linkId.safeParse(id).success ? await db().shareLink.findUnique({ where: { id } }) : null;
  if (!link || (link.createdById !== caller.actor.id && !hasRole(caller.actor, "admin"))) throw notFound("There is no such share link.");
  return mutate(caller, { role: "editor", action: "files.share-link.revoke", target: s3Uri(link.bucket, link.key) }, async () => {
    const updated = await db().shareLink.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date(), revokedBy: caller.actor.name || caller.actor.username },
    });
    return toView(updated.count === 1 ? await db().shareLink.findUniqueOrThrow({ where: { id } }) : link);
  });
}

export type ShareLinkAccessView = { at: string; ip: string | null; userAgent: string | null; outcome: string };

export async function listShareLinkAccesses(caller: Caller, id: string, limit = 100): Promise<ShareLinkAccessView[]> {
  const link = linkId.safeParse(id).success ? await db().shareLink.findUnique({ where: { id } }) : null;
  if (!link || (link.createdById !== caller.actor.id && !hasRole(caller.actor, "admin"))) throw notFound("There is no such share link.");
  const rows = await db().shareLinkAccess.findMany({ where: { linkId: id }, orderBy: { at: "desc" }, take: limit });
  return rows.map((r) => ({ at: r.at.toISOString(), ip: r.ip, userAgent: r.userAgent, outcome: r.outcome }));
}

export type InspectedShareLink =
  | { state: "unknown" }
  | { state: ShareLinkView["state"]; filename: string; expiresAt: Date; remaining: number | null };

/**
 * A link's state without counting or recording anything: what GET (the landing page link previewers and
 * `curl` see) and HEAD answer. Only the deliberate download (POST, `openShareLink`) is counted.
 */
export async function inspectShareLink(token: string): Promise<InspectedShareLink> {
  if (!looksLikeShareToken(token)) return { state: "unknown" };
  const link = await db().shareLink.findUnique({ where: { tokenHash: hashShareToken(token) } });
  if (!link) return { state: "unknown" };
  const remaining = link.maxDownloads === null ? null : Math.max(0, link.maxDownloads - link.downloads);
  return { state: stateOf(link), filename: link.filename, expiresAt: link.expiresAt, remaining };
}

/**
 * How long the URL a counted download redirects to stays valid: long enough for the browser to follow the
 * redirect, short enough that one count is about one download (S3 cannot report completed transfers).
 */
const SHARE_DOWNLOAD_URL_SECONDS = 60;

export type OpenedShareLink =
  | { outcome: "redirect"; url: string; filename: string }
  | { outcome: "unknown" }
  | { outcome: "revoked" | "expired" | "exhausted" | "missing_object"; filename: string };

type CountedRow = { id: string; bucket: string; key: string; filename: string };
type LinkRow = { id: string; filename: string; bucket: string; key: string; revoked_at: Date | null; expires_at: Date; downloads: number; max_downloads: number | null };

/**
 * Serves a download from /d/<token> (the POST its landing page's button sends). The download is counted and the access recorded in one statement, guarded by the
 * link's state, so two concurrent requests can never both take a link's last download. A refusal is
 * recorded too, with its reason.
 */
export async function openShareLink(token: string, origin: RequestOrigin): Promise<OpenedShareLink> {
  if (!looksLikeShareToken(token)) return { outcome: "unknown" };
  const hash = hashShareToken(token);
  const link = (
    await db().$queryRaw<LinkRow[]>`
      SELECT id, filename, bucket, key, revoked_at, expires_at, downloads, max_downloads FROM share_links WHERE token_hash = ${hash}`
  )[0];
  if (!link) return { outcome: "unknown" };

  const refuse = async (outcome: "revoked" | "expired" | "exhausted" | "missing_object") => {
    await db().$executeRaw`
      INSERT INTO share_link_accesses (link_id, ip, user_agent, outcome) VALUES (${link.id}::uuid, ${origin.ip}, ${origin.userAgent}, ${outcome})`;
    return { outcome, filename: link.filename } as const;
  };
  if (link.revoked_at) return refuse("revoked");
  if (link.expires_at <= new Date()) return refuse("expired");
  if (link.max_downloads !== null && link.downloads >= link.max_downloads) return refuse("exhausted");
  try {
    await s3().send(new HeadObjectCommand({ Bucket: link.bucket, Key: link.key }));
  } catch (error) {
    if (isS3NotFound(error)) return refuse("missing_object");
    throw explainS3Error(error, "The shared file");
  }

  const counted = await db().$queryRaw<CountedRow[]>`
    WITH hit AS (
      UPDATE share_links
         SET downloads = downloads + 1, last_access_at = now()
       WHERE id = ${link.id}::uuid
         AND revoked_at IS NULL
         AND expires_at > now()
         AND (max_downloads IS NULL OR downloads < max_downloads)
      RETURNING id, bucket, key, filename
    ), logged AS (
      INSERT INTO share_link_accesses (link_id, ip, user_agent, outcome)
      SELECT id, ${origin.ip}, ${origin.userAgent}, 'redirected' FROM hit
    )
    SELECT id::text, bucket, key, filename FROM hit`;
  const hit = counted[0];
  if (!hit) {
    // The state changed between the read and the update (revoked, expired, or the last download taken).
    const current = await db().shareLink.findUnique({ where: { id: link.id } });
    const state = current ? stateOf(current) : "revoked";
    return refuse(state === "active" ? "exhausted" : state);
  }
  const { url } = await presignDownload(hit.bucket, hit.key, { disposition: "attachment", filename: hit.filename, expiresIn: SHARE_DOWNLOAD_URL_SECONDS });
  return { outcome: "redirect", url, filename: hit.filename };
}
