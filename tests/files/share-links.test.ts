import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, HEAD, POST } from "@/app/d/[token]/route";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { deleteObjects } from "@/lib/files/delete-objects";
import { createShareLink, deleteInactiveShareLinks, listShareLinkAccesses, listShareLinks, openShareLink, revokeShareLink } from "@/lib/files/share-links";
import { hashShareToken } from "@/lib/files/share-token";
import { admin, auditOutcomes, caller, editor, putText, scratchBucket, viewer } from "./support";

let bucket: Awaited<ReturnType<typeof scratchBucket>>;
const content = "quarterly numbers, not for everyone";
const key = "reports/Q3 résumé #1.txt";
const origin = { ip: "198.51.100.9", userAgent: "curl/8" };

beforeAll(async () => {
  bucket = await scratchBucket("share");
  await putText(bucket.name, key, content);
});

afterAll(async () => {
  await db().shareLink.deleteMany({ where: { bucket: bucket.name } });
  await bucket.drop();
});

function tokenOf(url: string): string {
  return new URL(url).pathname.split("/d/")[1]!;
}

/** POST is the landing page's Download button (the only request that counts); GET the page itself. */
async function visit(token: string, method: "GET" | "HEAD" | "POST" = "POST", userAgent = "vitest-browser") {
  const request = new NextRequest(`http://localhost:3000/d/${token}`, { method, headers: { "user-agent": userAgent, "x-forwarded-for": "192.0.2.1" } });
  const handler = { GET, HEAD, POST }[method];
  return handler(request, { params: Promise.resolve({ token }) });
}

describe("share links", () => {
  it("an editor creates a link; only the token's SHA-256 is stored", async () => {
    const { url, link } = await createShareLink(editor, { bucket: bucket.name, key, expiresInSeconds: 3600, note: "for the auditors" });
    // The console's own address (APP_URL: each developer's slot has its own port).
    const app = `${process.env.APP_URL ?? "http://localhost:3000"}${process.env.BASE_PATH ?? ""}`.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    expect(url).toMatch(new RegExp(`^${app}/d/[A-Za-z0-9_-]{43}$`));
    const row = await db().shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.tokenHash).toBe(hashShareToken(tokenOf(url)));
    expect(JSON.stringify(row)).not.toContain(tokenOf(url));
    expect(link).toMatchObject({ filename: "Q3 résumé #1.txt", note: "for the auditors", downloads: 0, state: "active" });
    expect(await auditOutcomes("files.share-link.create", editor.actor.id)).toContain("success");
  });

  it("opening /d/<token> (a person, a link previewer, curl) shows a Download page and counts nothing", async () => {
    const { url, link } = await createShareLink(editor, { bucket: bucket.name, key, expiresInSeconds: 600, maxDownloads: 1 });
    for (const agent of ["Slackbot-LinkExpanding 1.0", "curl/8.0", "Mozilla/5.0"]) {
      const page = await visit(tokenOf(url), "GET", agent);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Q3 résumé #1.txt");
      expect(html).toMatch(/<form method="post"><button type="submit">Download<\/button><\/form>/);
      expect(html).toContain("1 download left");
      expect(html).not.toContain("<script");
    }
    expect((await db().shareLink.findUniqueOrThrow({ where: { id: link.id } })).downloads).toBe(0);
    expect(await listShareLinkAccesses(editor, link.id)).toEqual([]);
  });

  it("the Download button (POST) counts the download, records the access and redirects to a presigned GET with the original name", async () => {
    const { url, link } = await createShareLink(editor, { bucket: bucket.name, key, expiresInSeconds: 600 });
    const response = await visit(tokenOf(url));
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    const { S3_PUBLIC_ENDPOINT, S3_ENDPOINT } = env();
    expect(location.startsWith(`${(S3_PUBLIC_ENDPOINT || S3_ENDPOINT).replace(/\/$/, "")}/`)).toBe(true);
    const download = await fetch(location);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(createHash("sha256").update(content).digest("hex"));
    expect(download.headers.get("content-disposition")).toContain("filename*=UTF-8''Q3%20r%C3%A9sum%C3%A9%20%231.txt");

    const [row] = await listShareLinks(editor, { key, bucket: bucket.name, limit: 1 });
    expect(row).toMatchObject({ id: link.id, downloads: 1, lastAccessAt: expect.any(String) });
    expect(await listShareLinkAccesses(editor, link.id)).toEqual([
      { at: expect.any(String), ip: "192.0.2.1", userAgent: "vitest-browser", outcome: "redirected" },
    ]);
  });

  it("never serves more downloads than the limit, even to concurrent requests", async () => {
    const { url, link } = await createShareLink(editor, { bucket: bucket.name, key, expiresInSeconds: 600, maxDownloads: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, () => openShareLink(tokenOf(url), origin)));
    expect(results.filter((r) => r.outcome === "redirect")).toHaveLength(3);
    expect(results.filter((r) => r.outcome === "exhausted")).toHaveLength(9);
    expect((await db().shareLink.findUniqueOrThrow({ where: { id: link.id } })).downloads).toBe(3);
    const page = await visit(tokenOf(url));
    expect(page.status).toBe(410);
    expect(await page.text()).toMatch(/used up/);
  });

  it("a revoked link answers 410 with a readable page, at once", async () => {
    const { url, link } = await createShareLink(editor, { bucket: bucket.name, key, expiresInSeconds: 600 });
    expect((await visit(tokenOf(url))).status).toBe(303);
    await revokeShareLink(editor, link.id);
    const response = await visit(tokenOf(url));
    expect(response.status).toBe(410);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/This link was revoked/);
    expect(html).toContain("Q3 résumé #1.txt");
    expect((await listShareLinkAccesses(editor, link.id)).map((a) => a.outcome)).toEqual(["revoked", "redirected"]);
  });

  it("an expired link answers 410, an unknown one 404, both as HTML pages", async () => {
    const { url, link } = await createShareLink(editor, { bucket: bucket.name, key, expiresInSeconds: 600 });
    await db().shareLink.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await visit(tokenOf(url));
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/has expired/);

    const unknown = await visit("A".repeat(43));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/<h1>This link does not exist<\/h1>/);
    expect((await visit("not-a-token")).status).toBe(404);
  });

  it("HEAD tells a link's state without taking a download", async () => {
    const { url, link } = await createShareLink(editor, { bucket: bucket.name, key, expiresInSeconds: 600, maxDownloads: 1 });
    expect((await visit(tokenOf(url), "HEAD")).status).toBe(200);
    expect((await db().shareLink.findUniqueOrThrow({ where: { id: link.id } })).downloads).toBe(0);
    expect((await visit(tokenOf(url))).status).toBe(303);
    expect((await visit(tokenOf(url), "HEAD")).status).toBe(410);
    expect((await visit(tokenOf(url), "GET")).status).toBe(410);
  });

  it("a link to a file deleted since answers 410", async () => {
    await putText(bucket.name, "temp/gone.txt", "x");
    const { url } = await createShareLink(editor, { bucket: bucket.name, key: "temp/gone.txt", expiresInSeconds: 600 });
    await deleteObjects(editor, bucket.name, { keys: ["temp/gone.txt"] });
    const response = await visit(tokenOf(url));
    expect(response.status).toBe(410);
    expect(await response.text()).toMatch(/deleted or moved/);
  });

  it("checks expiry, target and role before creating", async () => {
    await expect(createShareLink(editor, { bucket: bucket.name, key, expiresInSeconds: 8 * 86_400 })).rejects.toMatchObject({
      status: 400,
      message: "A link lives at most 7 days.",
    });
    await expect(createShareLink(editor, { bucket: bucket.name, key: "nope.txt", expiresInSeconds: 600 })).rejects.toMatchObject({ status: 404 });
    await expect(createShareLink(viewer, { bucket: bucket.name, key, expiresInSeconds: 600 })).rejects.toMatchObject({ status: 403 });
    expect(await auditOutcomes("files.share-link.create", viewer.actor.id)).toContain("denied");
  });

  it("people see and revoke their own links; admins see and revoke everyone's", async () => {
    const other = caller("editor", "test-share-other");
    const { link } = await createShareLink(other, { bucket: bucket.name, key, expiresInSeconds: 600 });
    expect((await listShareLinks(editor, { limit: 200 })).some((l) => l.id === link.id)).toBe(false);
    await expect(listShareLinks(editor, { scope: "all" })).rejects.toMatchObject({ status: 403 });
    await expect(revokeShareLink(editor, link.id)).rejects.toMatchObject({ status: 404 });
    await expect(revokeShareLink(viewer, link.id)).rejects.toMatchObject({ status: 404 });
    const all = await listShareLinks(admin, { scope: "all", bucket: bucket.name, limit: 200 });
    expect(all.find((l) => l.id === link.id)).toMatchObject({ createdBy: "Test editor", downloads: 0 });
    await expect(revokeShareLink(admin, link.id)).resolves.toMatchObject({ state: "revoked", revokedAt: expect.any(String) });
  });

  it("filters links by state and cleans up the revoked, expired and used-up ones (only the caller's, unless admin)", async () => {
    const owner = caller("editor", `test-cleanup-${Date.now()}`);
    const other = caller("editor", `test-cleanup-other-${Date.now()}`);
    const active = (await createShareLink(owner, { bucket: bucket.name, key, expiresInSeconds: 3600 })).link;
    const revoked = (await createShareLink(owner, { bucket: bucket.name, key, expiresInSeconds: 3600 })).link;
    await revokeShareLink(owner, revoked.id);
    const usedUp = await createShareLink(owner, { bucket: bucket.name, key, expiresInSeconds: 3600, maxDownloads: 1 });
    expect((await openShareLink(tokenOf(usedUp.url), origin)).outcome).toBe("redirect");
    const expired = (await createShareLink(owner, { bucket: bucket.name, key, expiresInSeconds: 3600 })).link;
    await db().shareLink.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const othersRevoked = (await createShareLink(other, { bucket: bucket.name, key, expiresInSeconds: 3600 })).link;
    await revokeShareLink(other, othersRevoked.id);

    const ids = async (state: "active" | "inactive") => (await listShareLinks(owner, { state })).map((l) => l.id).sort();
    expect(await ids("active")).toEqual([active.id]);
    expect(await ids("inactive")).toEqual([revoked.id, usedUp.link.id, expired.id].sort());

    expect(await deleteInactiveShareLinks(owner, "mine")).toEqual({ deleted: 3 });
    expect((await listShareLinks(owner, {})).map((l) => l.id)).toEqual([active.id]);
    expect(await db().shareLink.findUnique({ where: { id: othersRevoked.id } })).not.toBeNull();
    await expect(deleteInactiveShareLinks(owner, "all")).rejects.toMatchObject({ status: 403 });
    expect(await auditOutcomes("files.share-link.clean-up", owner.actor.id)).toEqual(["success", "denied"]);
    await revokeShareLink(owner, active.id);
    await deleteInactiveShareLinks(other, "mine");
  });
});
