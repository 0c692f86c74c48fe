import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./support/auth";

test("an admin sets an announcement banner that a viewer sees, then clears it", async ({ page }) => {
  const text = `Maintenance window ${Date.now()}`;
  await signIn(page, "admin", "/admin/settings");
  await page.getByLabel("Banner shown to everyone").fill(text);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await signOut(page);

  await signIn(page, "viewer");
  await expect(page.getByTestId("banner")).toHaveText(text);
  expect((await page.goto("/admin/settings"))?.status()).toBe(403);
  await signOut(page);

  await signIn(page, "admin", "/admin/settings");
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page.getByRole("status")).toContainText("Banner cleared");
  await page.reload();
  await expect(page.getByTestId("banner")).toHaveCount(0);
});

test("an admin pauses and resumes a job's schedule", async ({ page }) => {
  await signIn(page, "admin", "/admin/jobs");
  const row = page.locator("li", { hasText: "session-cleanup" });
  await row.getByRole("button", { name: "Pause schedule" }).click();
  await expect(page.getByRole("status")).toContainText("Paused session-cleanup");
  await expect(row.getByText("paused", { exact: true })).toBeVisible();
  await page.goto("/admin/settings");
  await expect(page.getByText("session-cleanup")).toBeVisible();
  await page.goto("/admin/jobs");
  await page.locator("li", { hasText: "session-cleanup" }).getByRole("button", { name: "Resume schedule" }).click();
  await expect(page.getByRole("status")).toContainText("Resumed session-cleanup");
});
