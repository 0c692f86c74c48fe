import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./support/auth";

test("a viewer signs in through Keycloak, sees the shell, and is refused the admin pages", async ({ page }) => {
  await signIn(page, "viewer");
  await expect(page.getByRole("navigation", { name: "Sections" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Health" })).toHaveCount(0);
  await page.getByTestId("user-name").click();
  await expect(page.getByTestId("user-roles")).toHaveText("viewer");
  await page.keyboard.press("Escape");

  const response = await page.goto("/admin/health");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();

  const api = await page.request.get("/api/admin/health");
  expect(api.status()).toBe(403);
});

test("an admin sees every dependency green on the health page, then signs out", async ({ page }) => {
  await signIn(page, "admin", "/admin/health");
  await expect(page.getByRole("heading", { name: "Health" })).toBeVisible();
  for (const service of ["postgres", "redis", "s3", "qdrant", "keycloak"]) {
    await expect(page.getByTestId(`check-${service}`)).toHaveText("ok");
  }
  await expect(page.getByTestId("overall-status")).toHaveText("All dependencies answering");
  await signOut(page);

  const again = await page.goto("/admin/health");
  expect(again?.url()).toContain("/realms/strata/");
});

test("pages need a session and the sign-in flow keeps the destination", async ({ page }) => {
  await page.goto("/admin/audit?outcome=denied");
  await expect(page.locator("#kc-login")).toBeVisible();
  await page.locator("#username").fill("admin");
  await page.locator("#password").fill("admin-dev-password");
  await page.locator("#kc-login").click();
  await expect(page).toHaveURL(/\/admin\/audit\?outcome=denied$/);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
});

test("an admin runs a job now: the worker records the run and the audit log shows who asked", async ({ page }) => {
  await signIn(page, "admin", "/admin/jobs?job=session-cleanup");
  await expect(page.getByRole("heading", { name: "Jobs" })).toBeVisible();
  const row = page.locator("li", { hasText: "session-cleanup" });
  await row.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByRole("status")).toContainText("Queued session-cleanup");
  const run = page.getByTestId("job-run").filter({ hasText: "manual (admin)" }).first();
  await expect(run).toContainText("succeeded", { timeout: 30_000 });
  await expect(run).toContainText("deleted:");

  await page.goto("/admin/audit?action=jobs.run&target=session-cleanup");
  await expect(page.getByTestId("audit-row").first()).toContainText("job:session-cleanup");
  await expect(page.getByTestId("audit-row").first()).toContainText("success");
});
