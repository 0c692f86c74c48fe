import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { signIn } from "./support/auth";

/**
 * Outputs end to end, in Chromium against the real stack: a viewer opens their gallery (seeded images and a
 * chime, idempotent seed), sees thumbnails load from presigned URLs and tier badges, plays the chime and
 * hears it advance, filters to audio through the address bar, and opening an output counts an access.
 */

test.beforeAll(() => {
  execFileSync("npx", ["tsx", "scripts/seed/outputs.ts"], { stdio: "inherit" });
});

test("a user opens their outputs gallery and plays an output", async ({ page }) => {
  await signIn(page, "viewer", "/outputs");
  await expect(page.getByRole("heading", { name: "Generated outputs" })).toBeVisible();

  const aurora = page.getByRole("article", { name: "aurora over the fjord.png" });
  await expect(aurora).toBeVisible();
  const thumbnail = aurora.getByRole("img", { name: "aurora over the fjord.png" });
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);
  await expect(aurora.getByText("hot + cold")).toBeVisible();
  await expect(page.getByRole("article", { name: "sunset.png" }).getByText("cold", { exact: true })).toBeVisible();

  const chime = page.getByRole("article", { name: "chime.wav" });
  await chime.getByRole("button", { name: "Play chime.wav" }).click();
  const player = chime.getByLabel("Audio player for chime.wav");
  await expect.poll(() => player.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0.2);
  await expect(chime.getByRole("button", { name: "Pause chime.wav" })).toBeVisible();
  await chime.getByRole("button", { name: "Pause chime.wav" }).click();

  await page.getByLabel("Type").selectOption("audio");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/outputs\?type=audio/);
  await expect(page.getByRole("article", { name: "chime.wav" })).toBeVisible();
  await expect(page.getByRole("article", { name: "aurora over the fjord.png" })).toHaveCount(0);

  // Opening it through /o/{id} counts one access (the previews above did not).
  const accesses = () => page.getByRole("article", { name: "chime.wav" }).locator("[data-accesses]").getAttribute("data-accesses").then(Number);
  const before = await accesses();
  const href = await page.getByRole("link", { name: "chime.wav" }).getAttribute("href");
  const opened = await page.request.get(href ?? "", { maxRedirects: 0 });
  expect(opened.status()).toBe(302);
  expect(opened.headers()["x-output-tier"]).toMatch(/^(hot|cold)$/);
  await page.reload();
  await expect.poll(accesses).toBe(before + 1);
});
