import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { signIn } from "./support/auth";

/**
 * The bucket settings page, in Chromium against the real stack: an admin applies the bucket's lifecycle
 * preset with one click, adds a rule, sees a Transition rule refused by the store in words, turns versioning
 * on; an editor gets the 403 page. Runs on a scratch bucket created and deleted through the console's API.
 */

const bucket = `e2e-settings-${randomBytes(4).toString("hex")}`;

// Generous waits: under `next dev` a route compiles on its first request, which on a busy machine takes many seconds.
const firstCall = { timeout: 90_000 };

test.describe("bucket settings", () => {
  test.describe.configure({ timeout: 360_000 });
  test.afterAll(async ({ browser }) => {
    const page = await browser.newPage();
    await signIn(page, "admin", "/files");
    await page.request.delete(`/api/files/buckets/${bucket}`);
    await page.close();
  });

  test("an admin applies the preset, adds a rule, is told Transition is not implemented, and turns versioning on", async ({ page }) => {
    await signIn(page, "admin", "/files");
    const created = await page.request.post("/api/files/buckets", { data: { name: bucket } });
    expect(created.status()).toBe(201);
    await page.goto("/files");
    await page.getByRole("link", { name: `Settings of bucket ${bucket}` }).click();
    await expect(page.getByRole("heading", { name: `${bucket}: settings` })).toBeVisible(firstCall);
    await expect(page.getByText("No lifecycle rules")).toBeVisible();

    await page.getByRole("button", { name: "Apply the preset" }).click();
    await expect(page.getByRole("dialog")).toContainText("abort-incomplete-uploads-7d");
    await page.getByRole("button", { name: "Apply preset" }).click();
    await expect(page.getByRole("status")).toContainText("the store now holds 1 rule", firstCall);
    await expect(page.getByRole("cell", { name: "abort-incomplete-uploads-7d", exact: true })).toBeVisible();

    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByLabel("Name").fill("logs-30d");
    await page.getByLabel("Prefix").fill("logs/");
    await page.getByLabel("Delete objects after (days)").fill("30");
    await page.getByRole("button", { name: "Save rule" }).click();
    await expect(page.getByRole("cell", { name: "logs-30d", exact: true })).toBeVisible();
    await expect(page.getByRole("row", { name: /logs-30d/ })).toContainText("delete objects 30 days after they were written");

    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByLabel("Name").fill("to-cold");
    await page.getByLabel("Move to another storage class after (days)").fill("30");
    await page.getByLabel("Storage class", { exact: true }).fill("GLACIER");
    await page.getByRole("button", { name: "Save rule" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Transition rules" })).toContainText("Transition rules (to-cold) are not implemented by this store", firstCall);
    await page.getByRole("button", { name: "Cancel" }).click();

    // What the page shows is what the store holds: a reload reads it back.
    await page.reload();
    await expect(page.getByRole("cell", { name: "logs-30d", exact: true })).toBeVisible();
    await expect(page.getByRole("cell", { name: "to-cold", exact: true })).toHaveCount(0);

    await page.getByRole("button", { name: "Turn versioning on" }).click();
    await expect(page.getByRole("status")).toContainText("Versioning of", firstCall);
    await page.reload();
    await expect(page.getByRole("button", { name: "Suspend versioning" })).toBeVisible();
  });

  test("an editor gets the 403 page", async ({ page }) => {
    await signIn(page, "editor", `/files/${bucket}?view=settings`);
    await expect(page.getByText(/403|not allowed|permission/i).first()).toBeVisible();
  });
});
