import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type Page } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { signIn } from "./support/auth";

/**
 * Files end to end, in Chromium against the real stack: an editor uploads 200 MiB through the browser
 * (presigned multipart straight to S3), finds the file by browsing, shares it, a plain HTTP client downloads
 * it through the link and checks its SHA-256, and the revoked link answers 410. A viewer cannot upload.
 */

const bucket = "user-data";
const folder = `e2e-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const SIZE = 200 * 1024 * 1024;

let workDir: string;
let bigFile: string;
let bigSha: string;

/** Writes `size` random bytes to `file` and returns their SHA-256, without holding them all in memory. */
async function randomFile(file: string, size: number): Promise<string> {
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  for (let written = 0; written < size; ) {
    const chunk = randomBytes(Math.min(8 * 1024 * 1024, size - written));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    written += chunk.length;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return hash.digest("hex");
}

/** Downloads through a share link as its page's Download button does: a POST (a GET only shows the page). */
async function sha256OfDownload(url: string): Promise<{ status: number; sha: string | null; disposition: string | null }> {
  const response = await fetch(url, { method: "POST", redirect: "follow" });
  if (!response.ok || !response.body) return { status: response.status, sha: null, disposition: null };
  const hash = createHash("sha256");
  const reader = response.body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) hash.update(next.value);
  return { status: response.status, sha: hash.digest("hex"), disposition: response.headers.get("content-disposition") };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A folder row's link: its name, then "(folder)" for screen readers. */
const folderLink = (name: string) => new RegExp(`^${escapeRegExp(name)}\\s*\\(folder\\)$`);

function encodePath(...segments: string[]): string {
  return segments.map(encodeURIComponent).join("/");
}

async function cleanUp(page: Page) {
  await page.request.post(`/api/files/buckets/${bucket}/delete`, { data: { prefixes: [`${folder}/`] } });
}

/** The store as the server reaches it, and as browsers do (presigned URLs name the latter); as lib/config/env.ts. */
const storeEndpoint = (process.env.S3_ENDPOINT || "http://127.0.0.1:8333").replace(/\/$/, "");
const browserStoreEndpoint = (process.env.S3_PUBLIC_ENDPOINT || storeEndpoint).replace(/\/$/, "");

/** Whatever a failed test left behind, removed straight from the store. */
async function removeFolderFromStore() {
  const s3 = new S3Client({
    endpoint: storeEndpoint,
    region: process.env.S3_REGION ?? "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: process.env.S3_ACCESS_KEY_ID ?? "strata", secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? "strata-dev-secret" },
  });
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${folder}/` }));
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length === 0) break;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  }
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "strata-e2e-files-"));
  bigFile = path.join(workDir, "model-weights 200MiB.bin");
  bigSha = await randomFile(bigFile, SIZE);
});

test.afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  await removeFolderFromStore();
});

test("an editor uploads 200 MiB through the browser, finds it, shares it, and the revoked link answers 410", async ({ page }) => {
  test.setTimeout(600_000);
  await signIn(page, "editor", `/files/${bucket}/${folder}`);
  await expect(page.getByText("This folder is empty")).toBeVisible();

  await page.getByTestId("upload-input").setInputFiles(bigFile);
  const task = page.getByTestId("upload-task").filter({ hasText: "model-weights 200MiB.bin" });
  const progress = task.getByRole("progressbar");
  // Progress is visible while the parts go up: somewhere strictly between 0 and 100.
  await expect(async () => {
    const value = Number(await progress.getAttribute("aria-valuenow"));
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(100);
  }).toPass({ timeout: 120_000, intervals: [100] });
  await expect(task).toContainText("multipart");
  await expect(task.getByTestId("upload-status")).toHaveText("Done", { timeout: 480_000 });

  // Find it by browsing from the bucket list.
  await page.goto("/files");
  await page.getByRole("link", { name: bucket, exact: true }).click();
  await page.getByLabel("Filter by name prefix").fill(folder);
  await page.getByRole("link", { name: folderLink(folder) }).click();
  await expect(page).toHaveURL(new RegExp(`/files/${bucket}/${folder}$`));
  await page.getByRole("link", { name: /model-weights 200MiB\.bin/ }).click();
  const details = page.getByTestId("object-details");
  await expect(details).toContainText("209,715,200 bytes");

  // Share it, then download through the link with a plain HTTP client.
  await details.getByRole("button", { name: "Share link…" }).click();
  await page.getByLabel("Expires after").selectOption({ label: "1 day" });
  await page.getByLabel("Note (optional)").fill("end-to-end test");
  await page.getByRole("button", { name: "Create link" }).click();
  const shareUrl = await page.getByTestId("share-url").inputValue();
  expect(shareUrl).toMatch(/\/d\/[A-Za-z0-9_-]{43}$/);
  const download = await sha256OfDownload(shareUrl);
  expect(download.status).toBe(200);
  expect(download.sha).toBe(bigSha);
  expect(download.disposition).toContain("model-weights%20200MiB.bin");
  await page.getByRole("button", { name: "Close", exact: true }).click();

  // Revoke it on the share links page: the link now answers 410 with a readable page.
  await page.goto("/links");
  const row = page.getByTestId("share-link-row").filter({ hasText: folder });
  await expect(row).toContainText("1");
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke", exact: true }).last().click();
  await expect(row).toContainText("revoked");
  const revoked = await fetch(shareUrl, { redirect: "manual" });
  expect(revoked.status).toBe(410);
  expect(revoked.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await revoked.text()).toContain("This link was revoked");

  await cleanUp(page);
});

test("a large upload interrupted by a reload resumes from the parts already stored", async ({ page }) => {
  test.setTimeout(600_000);
  await signIn(page, "editor", `/files/${bucket}/${folder}/resume`);
  await expect(page.getByText("This folder is empty")).toBeVisible();

  // Slow the store down so the reload surely lands mid-upload.
  const slowStore = async (route: import("@playwright/test").Route) => {
    if (route.request().method() === "PUT") await new Promise((r) => setTimeout(r, 1500));
    // The reload cancels parts still held here; continuing those is a no-op, not an error.
    await route.continue().catch(() => undefined);
  };
  await page.route(`${browserStoreEndpoint}/**`, slowStore);
  await page.getByTestId("upload-input").setInputFiles(bigFile);
  const task = page.getByTestId("upload-task").filter({ hasText: "model-weights 200MiB.bin" });
  await expect(async () => {
    expect(Number(await task.getByRole("progressbar").getAttribute("aria-valuenow"))).toBeGreaterThanOrEqual(10);
  }).toPass({ timeout: 120_000, intervals: [200] });
  // The page asks before leaving a running upload; the user confirms.
  page.once("dialog", (dialog) => {
    expect(dialog.type()).toBe("beforeunload");
    void dialog.accept();
  });
  await page.reload();
  await page.unroute(`${browserStoreEndpoint}/**`, slowStore);

  await expect(page.getByText("Interrupted uploads — choose the same file to resume")).toBeVisible();
  let partsSent = 0;
  page.on("request", (request) => {
    if (request.method() === "PUT" && request.url().includes("partNumber=")) partsSent += 1;
  });
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Resume…" }).click();
  await (await chooser).setFiles(bigFile);
  const resumed = page.getByTestId("upload-task").filter({ hasText: "model-weights 200MiB.bin" });
  await expect(resumed).toContainText("resumed");
  await expect(resumed.getByTestId("upload-status")).toHaveText("Done", { timeout: 480_000 });
  // 200 MiB is 13 parts of 16 MiB: the ones stored before the reload were not sent again.
  expect(partsSent).toBeGreaterThan(0);
  expect(partsSent).toBeLessThan(13);

  const download = await page.request.get(`/api/files/buckets/${bucket}/download?key=${encodeURIComponent(`${folder}/resume/model-weights 200MiB.bin`)}`);
  expect(download.status()).toBe(200);
  expect(createHash("sha256").update(await download.body()).digest("hex")).toBe(bigSha);
  await cleanUp(page);
});

test("keys with spaces, unicode, %, +, # and ? survive a deep link and a reload", async ({ page }) => {
  const awkward = "ü 100% a+b #1 why?";
  await signIn(page, "editor", `/files/${bucket}/${folder}`);
  // The listing is rendered in the browser: once it shows, the page is interactive.
  await expect(page.getByText("This folder is empty")).toBeVisible();
  await page.getByRole("button", { name: "New folder" }).click();
  await page.getByLabel("Folder name").fill(awkward);
  await page.getByRole("button", { name: "Create folder" }).click();
  // Creating a folder opens it.
  await expect(page).toHaveURL(new RegExp(`/files/${bucket}/${escapeRegExp(encodePath(folder, awkward))}$`));

  await page.getByTestId("upload-input").setInputFiles({ name: "naïve #2 100%+?.txt", mimeType: "text/plain", buffer: Buffer.from("awkward but intact") });
  await expect(page.getByTestId("upload-task").filter({ hasText: "naïve #2 100%+?.txt" }).getByTestId("upload-status")).toHaveText("Done");
  await expect(page.getByRole("link", { name: /naïve #2 100%\+\?\.txt/ })).toBeVisible();

  // The URL alone (a reload, or a colleague opening a shared link) brings back the same folder and file.
  await page.goto(`/files/${bucket}/${encodePath(folder, awkward)}?object=${encodeURIComponent(`${folder}/${awkward}/naïve #2 100%+?.txt`)}`);
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Breadcrumbs" })).toContainText(awkward);
  const details = page.getByTestId("object-details");
  await expect(details).toContainText(`${folder}/${awkward}/naïve #2 100%+?.txt`);
  await expect(details.getByText("awkward but intact")).toBeVisible();
  await cleanUp(page);
});

test("a viewer sees no upload button and is refused by the server when trying anyway", async ({ page }) => {
  await signIn(page, "viewer", `/files/${bucket}`);
  await expect(page.getByRole("navigation", { name: "Breadcrumbs" })).toContainText(bucket);
  await expect(page.getByText(/items? loaded/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Upload files" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New folder" })).toHaveCount(0);

  const upload = await page.request.post("/api/files/uploads", { data: { bucket, key: `${folder}/sneaky.txt`, size: 5, contentType: "text/plain" } });
  expect(upload.status()).toBe(403);
  expect((await upload.json()).error.message).toMatch(/needs the editor role/);
  const remove = await page.request.post(`/api/files/buckets/${bucket}/delete`, { data: { keys: ["anything.txt"] } });
  expect(remove.status()).toBe(403);
  const link = await page.request.post("/api/files/links", { data: { bucket, key: "anything.txt", expiresInSeconds: 600 } });
  expect(link.status()).toBe(403);
});
