import { expect, type Page } from "@playwright/test";

export type DevUser = "viewer" | "editor" | "admin";

export const devPasswords: Record<DevUser, string> = {
  viewer: "viewer-dev-password",
  editor: "editor-dev-password",
  admin: "admin-dev-password",
};

/** Signs in through the real Keycloak login page, starting from `path` (the console sends us there). */
export async function signIn(page: Page, user: DevUser, path = "/"): Promise<void> {
  await page.goto(path);
  await expect(page.locator("#kc-login")).toBeVisible();
  await page.locator("#username").fill(user);
  await page.locator("#password").fill(devPasswords[user]);
  await page.locator("#kc-login").click();
  await expect(page.getByTestId("user-name")).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId("user-name").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();
}
