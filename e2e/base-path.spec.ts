import { expect, test } from "@playwright/test";
import { devPasswords } from "./support/auth";

/**
 * Run by scripts/test-base-path.sh against a console built and served with BASE_PATH=/strata, as behind an
 * ingress sub-path: every link, redirect, cookie and OIDC redirect must stay under the prefix.
 */
const basePath = process.env.BASE_PATH ?? "";
const origin = process.env.APP_URL ?? "http://localhost:3000";

test.skip(!basePath, "only meaningful for a console built with BASE_PATH (scripts/test-base-path.sh)");

test("signing in, navigating and signing out all stay under the sub-path", async ({ page }) => {
  await page.goto(`${origin}${basePath}/admin/health`);
  await page.locator("#username").fill("admin");
  await page.locator("#password").fill(devPasswords.admin);
  await page.locator("#kc-login").click();
  await expect(page).toHaveURL(`${origin}${basePath}/admin/health`);
  await expect(page.getByTestId("check-postgres")).toHaveText("ok");

  await page.getByRole("link", { name: "Jobs" }).click();
  await expect(page).toHaveURL(`${origin}${basePath}/admin/jobs`);
  await expect(page.getByTestId("job-run").or(page.getByText("No runs yet")).first()).toBeVisible();

  const session = (await page.context().cookies()).find((c) => c.name === "strata_session");
  expect(session?.path).toBe(basePath);
  expect((await page.request.get(`${origin}/api/health/live`)).status()).toBe(404);

  await page.getByTestId("user-name").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${origin}${basePath}/signed-out`);
});
