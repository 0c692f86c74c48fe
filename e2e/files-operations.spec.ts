import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutBucketCorsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { signIn } from "./support/auth";

/**
 * Files, in Chromium against the real stack (the worker runs the jobs): the overwrite prompt (cancel keeps the
 * old object, confirm replaces it), and folder operations started from the file browser as recorded jobs —
 * a zip of a folder handed out as a presigned download, a move run in the background with its progress, and
 * a cancel of a running copy — each shown with progress and Cancel above the list.
 */

// Its own bucket, with a CORS rule for this console's origin: the shared default buckets' rules are rewritten by
// every console's files-default-buckets job, and a browser upload needs the rule for this origin.
const bucket = `e2e-ops-${randomBytes(4).toString("hex")}`;
const folder = `e2e-ops-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const storeEndpoint = (process.env.S3_ENDPOINT || "http://127.0.0.1:8333").replace(/\/$/, "");
const s3 = new S3Client({
  endpoint: storeEndpoint,
  region: process.env.S3_REGION ?? "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: process.env.S3_ACCESS_KEY_ID ?? "strata", secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? "strata-dev-secret" },
});

test.beforeAll(async ({ baseURL }) => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: [new URL(baseURL!).origin], AllowedMethods: ["GET", "HEAD", "PUT"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 3600 }],
      },
    }),
  );
});

async function put(key: string, body: string) {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "text/plain" }));
}

async function read(key: string): Promise<string> {
  return (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
}

async function keys(prefix: string): Promise<string[]> {
  const all: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    all.push(...(page.Contents ?? []).flatMap((o) => (o.Key && !o.Key.endsWith("/") ? [o.Key] : [])));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return all;
}

async function seed(prefix: string, count: number) {
  const names = Array.from({ length: count }, (_, i) => `${prefix}${i % 2 ? "sub/" : ""}file-${String(i).padStart(4, "0")}.txt`);
  for (let i = 0; i < names.length; i += 64) await Promise.all(names.slice(i, i + 64).map((k) => put(k, `content of ${k}`)));
  return names;
}

test.afterAll(async () => {
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (objects.length === 0) break;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
});

const operationRow = (page: Page, text: string) => page.getByRole("region", { name: "Folder operations" }).getByTestId("browser-operation").filter({ hasText: text });

test("an upload over an existing key asks first: Cancel keeps the old object, Replace it replaces it", async ({ page }) => {
  const key = `${folder}/overwrite/report.txt`;
  await put(key, "old content");
  await signIn(page, "editor", `/files/${bucket}/${folder}/overwrite`);
  // The first listing of a cold console may take a while (a development server compiles the route first).
  await expect(page.getByRole("link", { name: /report\.txt/ })).toBeVisible({ timeout: 60_000 });

  const file = { name: "report.txt", mimeType: "text/plain", buffer: Buffer.from("new content") };
  await page.getByTestId("upload-input").setInputFiles(file);
  const prompt = page.getByRole("dialog").filter({ hasText: "Replace an existing file?" });
  await expect(prompt).toBeVisible();
  await expect(prompt.getByTestId("overwrite-list")).toContainText("report.txt");
  await prompt.getByRole("button", { name: "Cancel" }).click();
  await expect(prompt).toBeHidden();
  await expect(page.getByTestId("upload-task")).toHaveCount(0);
  expect(await read(key)).toBe("old content");

  await page.getByTestId("upload-input").setInputFiles(file);
  await expect(prompt).toBeVisible();
  await prompt.getByRole("button", { name: "Replace it" }).click();
  await expect(page.getByTestId("upload-task").filter({ hasText: "report.txt" }).getByTestId("upload-status")).toHaveText("Done");
  expect(await read(key)).toBe("new content");
});

test("zip a folder and move a folder as jobs from the browser: progress above the list, the zip as a presigned download", async ({ page }) => {
  const names = await seed(`${folder}/data/src/`, 40);
  await signIn(page, "editor", `/files/${bucket}/${folder}/data`);

  // Zip: select the folder, Zip…, the job runs, its download appears.
  await page.getByRole("checkbox", { name: "Select src" }).check();
  await page.getByRole("button", { name: "Zip…" }).click();
  const zipDialog = page.getByRole("dialog").filter({ hasText: "Zip 1 item" });
  await expect(zipDialog.getByLabel("Archive name")).toHaveValue("src");
  await zipDialog.getByRole("button", { name: "Start zip" }).click();
  const zipRow = operationRow(page, `Zip ${bucket}/${folder}/data/src/`);
  await expect(zipRow).toBeVisible();
  await expect(zipRow.getByText("succeeded")).toBeVisible({ timeout: 60_000 });
  await expect(zipRow).toContainText("40 / 40 objects");
  // The link answers with a redirect to a presigned GET on the store; the archive holds every object.
  const href = await zipRow.getByRole("link", { name: "Download zip" }).getAttribute("href");
  const redirect = await page.request.get(href!, { maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  const location = redirect.headers()["location"]!;
  expect(location).toMatch(/X-Amz-Signature=/);
  expect(location).toContain("src.zip");
  const archive = Buffer.from(await (await fetch(location)).arrayBuffer());
  expect(archive.subarray(0, 2).toString()).toBe("PK");
  const text = archive.toString("latin1");
  for (const name of names) expect(text).toContain(name.slice(`${folder}/data/src/`.length));

  // Move as a background operation: the dialog's option, progress to the end, the listing follows.
  await page.getByRole("checkbox", { name: "Select src" }).check();
  await page.getByRole("button", { name: "Move…" }).click();
  const moveDialog = page.getByRole("dialog").filter({ hasText: "Move 1 item" });
  await moveDialog.getByLabel("Destination folder").fill(`${folder}/data/archive/`);
  await moveDialog.getByLabel(/Run as a background operation/).check();
  await moveDialog.getByRole("button", { name: "Move" }).click();
  const moveRow = operationRow(page, `Move ${bucket}/${folder}/data/src/`);
  await expect(moveRow.getByText("succeeded")).toBeVisible({ timeout: 60_000 });
  await expect(moveRow).toContainText("40 / 40 objects");
  await expect(page.getByRole("link", { name: /^archive/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^src/ })).toHaveCount(0);
  expect(await keys(`${folder}/data/src/`)).toEqual([]);
  expect((await keys(`${folder}/data/archive/src/`)).sort()).toEqual(names.map((k) => k.replace("/data/src/", "/data/archive/src/")).sort());
  // The finished rows can be dismissed.
  await moveRow.getByRole("button", { name: /^Dismiss/ }).click();
  await expect(moveRow).toHaveCount(0);
});

test("a running copy job is cancelled from the browser and stops part-way", async ({ page }) => {
  test.setTimeout(300_000);
  await seed(`${folder}/many/big/`, 3000);
  await signIn(page, "editor", `/files/${bucket}/${folder}/many`);
  await page.getByRole("checkbox", { name: "Select big" }).check();
  await page.getByRole("button", { name: "Copy…" }).click();
  const dialog = page.getByRole("dialog").filter({ hasText: "Copy 1 item" });
  await dialog.getByLabel("Destination folder").fill(`${folder}/many/copy/`);
  await dialog.getByLabel(/Run as a background operation/).check();
  await dialog.getByRole("button", { name: "Copy" }).click();
  const row = operationRow(page, `Copy ${bucket}/${folder}/many/big/`);
  await expect(row.getByText("running")).toBeVisible({ timeout: 60_000 });
  await row.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("dialog").filter({ hasText: "Cancel this operation?" }).getByRole("button", { name: "Cancel operation" }).click();
  await expect(row.getByText("cancelled")).toBeVisible({ timeout: 60_000 });
  await expect(row.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  // It stopped after the batch in flight: some copied, not all.
  expect((await keys(`${folder}/many/copy/`)).length).toBeLessThan(3000);
});
