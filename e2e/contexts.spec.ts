import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { signIn } from "./support/auth";

/**
 * Contexts end to end, in Chromium against the real stack: an admin finds a seeded conversation by words in
 * its messages, opens it (rendered as a chat, code block included), archives it and sees it go cold, then
 * restores it to warm. The seed script is idempotent and puts the conversation back in the warm tier.
 */

test.beforeAll(() => {
  execFileSync("npx", ["tsx", "scripts/seed/contexts.ts"], { stdio: "inherit" });
});

test("an admin finds a seeded conversation by text, archives it, sees the tier change and restores it", async ({ page }) => {
  await signIn(page, "admin", "/contexts");
  await page.goto("/contexts/search");
  await page.getByLabel("Words in messages").fill("quokka snapshot");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/contexts\/search\?text=quokka\+snapshot/);

  const result = page.getByRole("link", { name: "Quokka cluster migration plan" });
  await expect(result).toBeVisible();
  await expect(page.getByRole("link", { name: "Tuning HNSW for the support corpus" })).toHaveCount(0);
  await result.click();

  await expect(page.getByRole("heading", { name: /Quokka cluster migration plan/ })).toBeVisible();
  await expect(page.locator("pre code")).toContainText("pg_dump --format=custom");
  const tier = page.locator("h1 [data-tier]");
  await expect(tier).toHaveText(/^(hot|warm)$/);

  await page.getByRole("button", { name: "Archive now" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Archive", exact: true }).click();
  await expect(tier).toHaveText("cold");
  await expect(page.getByLabel("Tier history")).toContainText("moved by admin");

  await page.getByRole("button", { name: "Restore to warm" }).click();
  await expect(tier).toHaveText("warm");
  await expect(page.getByRole("button", { name: "Archive now" })).toBeVisible();

  await page.goto("/contexts/search?text=quokka&tier=cold");
  await expect(page.getByText("No context matches")).toBeVisible();
});
