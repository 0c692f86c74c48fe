import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { hashVector, startEmbeddingServer } from "../tests/search/embedding-server";
import { devPasswords, signIn } from "./support/auth";

/**
 * Search end to end, in Chromium against the real stack (the worker indexes): an editor creates a
 * collection from a bucket prefix, watches the sync to its end, sees the broken PDF's error, fixes the file
 * and retries it, searches, sees a highlighted hit and opens the file; an editor reads a running sync's
 * progress (documents done of total, chunks/s, time left); a viewer cannot create one (the page and the
 * API refuse); an admin deletes them after confirming.
 */

// The tests share this run's collections: after a failure the rest are skipped, not rerun with new names.
test.describe.configure({ mode: "serial" });

const run = randomUUID().slice(0, 8);
const prefix = `e2e-search-${run}/`;
const name = `e2e-${run}`;
async function viewerToken(): Promise<string> {
  const issuer = process.env.OIDC_ISSUER ?? "http://localhost:8080/realms/strata";
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: "strata-cli", username: "viewer", password: devPasswords.viewer, scope: "openid" }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const files = (verb: string, at = prefix, ...args: string[]) => execFileSync("npx", ["tsx", "e2e/support/search-files.ts", verb, at, ...args], { stdio: "inherit" });

/**
 * The live-progress collection embeds through an OpenAI-compatible server this spec plays at the address
 * the worker is configured with (EMBEDDINGS_OPENAI_URL, default as in lib/config/env.ts). It answers
 * vectors from a hash at once, except for texts with HOLD, which it keeps until the test
 * releases them: 9 of the 12 documents are indexed and the other 3 wait, so the page's figures are known
 * exactly while the sync runs, with no timing involved.
 */
const HOLD = "zeppelin";
const liveName = `${name}-live`;
const livePrefix = `e2e-search-live-${run}/`;
const providerUrl = new URL(process.env.EMBEDDINGS_OPENAI_URL ?? "http://127.0.0.1:8000/v1");
let releaseHeld: () => void = () => undefined;
const held = new Promise<void>((resolve) => (releaseHeld = resolve));
let provider: Server;

test.beforeAll(async () => {
  files("put");
  files("live", livePrefix, HOLD);
  ({ server: provider } = await startEmbeddingServer(
    async (input) => {
      if (input.some((text) => text.includes(HOLD))) await held;
      return input.map(hashVector);
    },
    { host: providerUrl.hostname, port: Number(providerUrl.port || 80) },
  ));
});
test.afterAll(async () => {
  releaseHeld();
  await new Promise((resolve) => provider.close(resolve));
  files("clean");
  files("clean", livePrefix);
});

test("an editor creates a collection, watches it sync, retries a fixed failure, searches and opens a hit", async ({ page, context }) => {
  await signIn(page, "editor", "/search/collections");
  await page.getByRole("link", { name: "New collection" }).click();
  // The submit button is enabled once the form is hydrated; typing before that would be lost.
  await expect(page.getByRole("button", { name: "Create and sync" })).toBeEnabled();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Bucket").fill("rag-documents");
  await page.getByLabel("Folder (prefix)").fill(prefix);
  await page.getByRole("button", { name: "Create and sync" }).click();

  await expect(page).toHaveURL(new RegExp(`/search/collections/${name}$`));
  // Progress to the end: the worker lists, extracts and embeds; the page polls until the sync is done.
  await expect(page.getByText("ready", { exact: true })).toBeVisible({ timeout: 90_000 });
  const failed = page.getByTestId("document-row").filter({ hasText: "manual.pdf" });
  await expect(failed).toContainText("failed");
  await expect(failed).toContainText("Not a readable PDF");

  files("fix");
  await page.getByRole("button", { name: /Retry failed \(1\)/ }).click();
  await expect(page.getByTestId("document-row").filter({ hasText: "manual.pdf" })).toContainText("indexed", { timeout: 90_000 });
  await expect(page.getByRole("button", { name: /Retry failed/ })).toHaveCount(0);

  await page.goto("/search");
  const box = page.getByLabel("Search query");
  // `/` anywhere on the page focuses the box (the page loads with it focused, so move away first; the
  // shortcut works once the page is hydrated, hence the retry).
  await page.getByRole("heading", { name: "Search", exact: true }).click();
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(box).toBeFocused({ timeout: 1000 });
  }).toPass();
  await box.fill("how often does the fog horn sound in a storm");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=how\+often/);
  // This run's file: other collections (earlier runs) may hold a lighthouse.md too.
  const hit = page.getByTestId("search-result").filter({ hasText: `${prefix}lighthouse.md` }).first();
  await expect(hit).toBeVisible();
  await expect(hit.locator("mark").filter({ hasText: /^horn$/i }).first()).toBeVisible();
  await expect(hit).toContainText(/meaning #\d+ · keywords #\d+/);

  const [opened] = await Promise.all([context.waitForEvent("page"), hit.getByRole("link", { name: /^Open/ }).click()]);
  await opened.waitForLoadState();
  // The browser followed the presigned URL to the store: the bytes never crossed the console.
  expect(opened.url()).toContain(`/rag-documents/${prefix}lighthouse.md?`);
  await expect(opened.locator("body")).toContainText("fog horn");
  await opened.close();
});

test("an editor reads a running sync's progress: documents done of total, chunks/s and time left", async ({ page }) => {
  await signIn(page, "editor", "/search/collections/new");
  await expect(page.getByRole("button", { name: "Create and sync" })).toBeEnabled();
  await page.getByLabel("Name").fill(liveName);
  await page.getByLabel("Bucket").fill("rag-documents");
  await page.getByLabel("Folder (prefix)").fill(livePrefix);
  await page.getByLabel("Provider").selectOption("openai");
  await page.getByLabel("Model").fill("e2e-hash");
  await page.getByRole("button", { name: "Create and sync" }).click();
  await expect(page).toHaveURL(new RegExp(`/search/collections/${liveName}$`));

  // 9 documents indexed (one chunk each), 3 held by the embedding server: the figures the page polls.
  const progress = page.getByTestId("operation-progress");
  await expect(progress).toContainText("Indexing documents");
  await expect(progress).toContainText("9 of 12 documents · 9 chunks", { timeout: 60_000 });
  await expect(progress).toContainText(/ · \d+(\.\d)? chunks\/s · about \d+(\.\d)? (ms|s|min)[^·]* left/);
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "75");
  await expect(page.getByRole("tab", { name: "indexed (9)" })).toBeVisible();

  releaseHeld();
  await expect(page.getByText("ready", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "indexed (12)" })).toBeVisible();
});

test("a viewer cannot create a collection, in the page or through the server", async ({ page }) => {
  await signIn(page, "viewer", "/search/collections");
  await expect(page.getByRole("link", { name: "New collection" })).toHaveCount(0);
  const response = await page.goto("/search/collections/new");
  expect(response?.status()).toBe(403);
  const token = await viewerToken();
  const api = await page.request.post("/api/v1/collections", {
    headers: { authorization: `Bearer ${token}` },
    data: { name: `${name}-viewer`, sources: [{ bucket: "rag-documents", prefix }] },
  });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.message).toMatch(/editor role/);
});

test("an admin deletes the collections after confirming", async ({ page }) => {
  await signIn(page, "admin", "/search/collections");
  for (const collection of [name, liveName]) {
    await page.goto(`/search/collections/${collection}`);
    // Until the page is hydrated a click does nothing; retry until the confirmation opens.
    await expect(async () => {
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await expect(page.getByRole("dialog")).toBeVisible({ timeout: 1000 });
    }).toPass();
    await page.getByRole("dialog").getByRole("button", { name: "Delete collection" }).click();
    await expect(page).toHaveURL(/\/search\/collections$/);
    await expect(page.getByRole("link", { name: collection, exact: true })).toHaveCount(0);
  }
});
