import { defineConfig } from "@playwright/test";

const baseURL = `${process.env.APP_URL ?? "http://localhost:3000"}${process.env.BASE_PATH ?? ""}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot reach its host here. The flags stop
      // Chromium's background connections, which this closed network refuses by the dozen.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
  webServer: {
    command: "npm run start",
    url: `${baseURL}/api/health/live`,
    reuseExistingServer: true,
    timeout: 120_000,
  },
});
