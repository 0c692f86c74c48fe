import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { signIn } from "./support/auth";

/**
 * Browser gaps closed in the file browser, in Chromium against the real stack: an upload that would replace
 * a file asks first (cancel keeps the old content, replace uploads), and a new folder opens at once.
 * Works in a scratch folder of `user-data`, removed afterwards.
 */

const bucket = "user-data";
const folder = `e2e-gaps-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, "editor", "/files");
  await page.request.post(`/api/files/buckets/${bucket}/delete`, { data: { prefixes: [`${folder}/`] } });
  await page.close();
});

test("an upload over an existing file asks first; cancel keeps it, replace uploads", async ({ page }) => {
  await signIn(page, "editor", `/files/${bucket}`);
  await page.getByRole("button", { name: "New folder" }).click();
  await page.getByLabel("Folder name").fill(folder);
  await page.getByRole("button", { name: "Create folder" }).click();
  // The new folder opens by itself.
  await expect(page).toHaveURL(new RegExp(`/files/${bucket}/${folder}$`));
  await expect(page.getByText("This folder is empty")).toBeVisible();

  const file = (text: string) => ({ name: "notes ü #1.txt", mimeType: "text/plain", buffer: Buffer.from(text) });
  await page.getByTestId("upload-input").setInputFiles(file("first version"));
  await expect(page.getByTestId("upload-task").filter({ hasText: "notes ü #1.txt" }).getByTestId("upload-status")).toHaveText("Done");

  await page.getByTestId("upload-input").setInputFiles(file("second version, longer"));
  const dialog = page.getByRole("dialog").filter({ hasText: "Replace an existing file?" });
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId("overwrite-list")).toContainText("notes ü #1.txt");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  const read = async () => {
    const link = await page.request.get(`/api/files/buckets/${bucket}/download?${new URLSearchParams({ key: `${folder}/notes ü #1.txt`, format: "json" })}`);
    return (await fetch(((await link.json()) as { url: string }).url)).text();
  };
  expect(await read()).toBe("first version");

  await page.getByTestId("upload-input").setInputFiles(file("second version, longer"));
  await page.getByRole("dialog").filter({ hasText: "Replace an existing file?" }).getByRole("button", { name: "Replace it" }).click();
  await expect.poll(read, { timeout: 30_000 }).toBe("second version, longer");
});
