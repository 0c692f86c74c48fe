import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { signIn } from "./support/auth";

/**
 * Model tiers end to end, in Chromium against the real stack (console + worker): an admin promotes a model
 * of its own from the dashboard and watches it reach hot (the worker copies it; the page follows), pins it,
 * shrinks the hot tier below what it holds (the capacity setting on the dashboard), runs the eviction policy,
 * and sees the unpinned hot model (promoted earlier, never used) leave hot while the pinned one stays.
 */

const name = `m${randomUUID().slice(0, 8)}`;
const id = `e2e.${name}.v1`;
const lruId = `e2e.${name}-lru.v1`;
const fixture = (command: "create" | "remove") => execFileSync("npx", ["tsx", "e2e/support/models-fixture.ts", command, name], { stdio: "inherit" });

test.beforeAll(() => fixture("create"));
test.afterAll(() => fixture("remove"));

test("an admin promotes a model, pins it, shrinks the hot tier, runs the eviction policy: the unpinned model leaves hot, the pinned one stays", async ({ page }) => {
  await signIn(page, "admin", `/models?q=${name}`);
  await expect(page.getByRole("heading", { name: "Model tiers" })).toBeVisible();
  await expect(page.getByRole("meter", { name: "Hot tier used" })).toBeVisible();
  const rowOf = (model: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name: model, exact: true }) });
  const row = rowOf(id);
  const lruRow = rowOf(lruId);
  await expect(row).toContainText("cold");
  await expect(row).toContainText("1.5 MiB");
  await expect(lruRow.getByText("hot", { exact: true })).toBeVisible();

  await row.getByRole("button", { name: "Promote" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Promote", exact: true }).click();
  // promoting (with its progress) then hot: the page refreshes itself while a move runs.
  await expect(row.getByText("hot", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText("in 30 days");

  await row.getByRole("button", { name: "Pin" }).click();
  await expect(row.getByRole("button", { name: "Unpin" })).toBeVisible();
  await expect(row).toContainText("pinned");

  // The two hold 3 MiB: a 2 MiB tier (high 90 %, low 50 %) is over its high watermark.
  await page.getByText(/^Capacity (from the environment|set by .*) — change$/).click();
  const form = page.getByRole("form", { name: "Hot tier capacity" });
  await form.getByLabel("Capacity").fill("2 MiB");
  await form.getByLabel("High watermark (%)").fill("90");
  await form.getByLabel("Low watermark (%)").fill("50");
  await form.getByRole("button", { name: "Save capacity" }).click();
  await expect(page.getByText("Hot tier capacity set to 2.0 MiB.")).toBeVisible();
  await expect(page.getByText("above the high watermark: the eviction policy will demote down to the low one")).toBeVisible();
  // What the next eviction would take: the unpinned model, never the pinned one.
  const nextEviction = page.locator("section").filter({ has: page.getByRole("heading", { name: "Next eviction" }) });
  await expect(nextEviction.getByText(lruId, { exact: true })).toBeVisible();
  await expect(nextEviction.getByText(id, { exact: true })).toHaveCount(0);

  await page.getByRole("button", { name: "Run eviction policy" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Run now" }).click();
  await expect(page.getByText("Run eviction policy: queued")).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(lruRow.getByText("cold", { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await expect(row.getByText("hot", { exact: true })).toBeVisible();
  await expect(row).toContainText("pinned");
  await expect(page.getByText("models-lru-eviction").first()).toBeVisible();

  // Back to the environment's capacity (the fixture also restores it if this test stops early).
  await page.getByText(/^Capacity set by .* — change$/).click();
  await page.getByRole("button", { name: "Use the environment's" }).click();
  await expect(page.getByText("Back to the environment's capacity.")).toBeVisible();

  // The moves are in the models' histories, with who asked and why.
  await lruRow.getByRole("link", { name: lruId }).click();
  await expect(page.getByRole("heading", { name: lruId })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("cell", { name: "demote" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "policy-lru" })).toBeVisible();
});
