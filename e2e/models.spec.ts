import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { signIn } from "./support/auth";

/**
 * Model tiers end to end, in Chromium against the real stack (console + worker): an admin promotes a model
 * of its own from the dashboard and watches it reach hot (the worker copies it; the page follows), pins it,
 * runs the eviction policy, sees the run listed, and the pinned model is still hot.
 */

const name = `m${randomUUID().slice(0, 8)}`;
const id = `e2e.${name}.v1`;
const fixture = (command: "create" | "remove") => execFileSync("npx", ["tsx", "e2e/support/models-fixture.ts", command, name], { stdio: "inherit" });

test.beforeAll(() => fixture("create"));
test.afterAll(() => fixture("remove"));

test("an admin promotes a model, watches it reach hot, pins it, runs the eviction policy, and the pinned model stays", async ({ page }) => {
  await signIn(page, "admin", `/models?q=${name}`);
  await expect(page.getByRole("heading", { name: "Model tiers" })).toBeVisible();
  await expect(page.getByRole("meter", { name: "Hot tier used" })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: id, exact: true }) });
  await expect(row).toContainText("cold");
  await expect(row).toContainText("1.5 MiB");

  await row.getByRole("button", { name: "Promote" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Promote", exact: true }).click();
  // promoting (with its progress) then hot: the page refreshes itself while a move runs.
  await expect(row.getByText("hot", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText("in 30 days");

  await row.getByRole("button", { name: "Pin" }).click();
  await expect(row.getByRole("button", { name: "Unpin" })).toBeVisible();
  await expect(row).toContainText("pinned");

  await page.getByRole("button", { name: "Run eviction policy" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Run now" }).click();
  await expect(page.getByText("Run eviction policy: queued")).toBeVisible();
  await expect(page.getByText("models-lru-eviction").first()).toBeVisible({ timeout: 60_000 });

  await page.reload();
  await expect(row.getByText("hot", { exact: true })).toBeVisible();
  await expect(row).toContainText("pinned");

  // The move is in the model's history, with who asked.
  await row.getByRole("link", { name: id }).click();
  await expect(page.getByRole("heading", { name: id })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("cell", { name: "promote" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "manual" })).toBeVisible();
});
