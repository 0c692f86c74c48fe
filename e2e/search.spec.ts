import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { devPasswords, signIn } from "./support/auth";

/**
 * Search end to end, in Chromium against the real stack (the worker indexes): an editor creates a
 * collection from a bucket prefix, watches the sync to its end, sees the broken PDF's error, fixes the file
 * and retries it, searches, sees a highlighted hit and opens the file; a viewer cannot create one (the page
 * and the API refuse); an admin deletes it after confirming.
 */

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

const files = (verb: string) => execFileSync("npx", ["tsx", "e2e/support/search-files.ts", verb, prefix], { stdio: "inherit" });

test.beforeAll(() => files("put"));
test.afterAll(() => files("clean"));

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
  const hit = page.getByTestId("search-result").filter({ hasText: "lighthouse.md" }).first();
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

test("an admin deletes the collection after confirming", async ({ page }) => {
  await signIn(page, "admin", `/search/collections/${name}`);
  // Until the page is hydrated a click does nothing; retry until the confirmation opens.
  await expect(async () => {
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(page.getByRole("dialog")).toBeVisible({ timeout: 1000 });
  }).toPass();
  await page.getByRole("dialog").getByRole("button", { name: "Delete collection" }).click();
  await expect(page).toHaveURL(/\/search\/collections$/);
  await expect(page.getByRole("link", { name })).toHaveCount(0);
});
