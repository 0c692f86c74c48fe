import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

/** Issue 12, hole 2: outside development the console must refuse to start with a known or weak secret. */

const root = path.resolve(import.meta.dirname, "../..");

function start(env: { NODE_ENV: "production"; APP_URL: string; SESSION_SECRET: string }) {
  // The module instrumentation.ts loads when a console process starts.
  return spawnSync(process.execPath, ["--import", "tsx", "lib/config/startup.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

test("a console reachable by others does not start with the published secret, and says why", () => {
  const result = start({ NODE_ENV: "production", APP_URL: "https://strata.example.com", SESSION_SECRET: "dev-only-session-secret-change-me-0123456789" });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("SESSION_SECRET: is a published default");
  expect(result.stderr).not.toContain("dev-only-session-secret");
});

test("it starts with a random secret", () => {
  const result = start({ NODE_ENV: "production", APP_URL: "https://strata.example.com", SESSION_SECRET: "Zq3vT9kLm2Xw8Rb5Yc1Nd7Fg4Hj6Pa0Es" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
});
