import { expect, test } from "vitest";
import { parseEnv, ConfigError } from "./env";
import { sessionSecretProblem, weakSecretProblem } from "./session-secret";

const strong = "k3J9x-Qw8vL2mZp7Rt5yNb4Hc6Fd1Gs0Ae";

test("published defaults and placeholders are weak; a random secret is not", () => {
  expect(weakSecretProblem("dev-only-session-secret-change-me-0123456789")).toContain("published default");
  expect(weakSecretProblem("please-change-me-before-production-0000")).toContain("placeholder");
  expect(weakSecretProblem("a".repeat(48))).toContain("distinct characters");
  expect(weakSecretProblem(strong)).toBeNull();
});

test("a console others can reach refuses to start with a weak secret", () => {
  const published = { NODE_ENV: "production", APP_URL: "https://strata.example.com", SESSION_SECRET: "dev-only-session-secret-change-me-0123456789" };
  expect(sessionSecretProblem(published)).toContain("SESSION_SECRET");
  expect(() => parseEnv(published)).toThrow(ConfigError);
  expect(() => parseEnv({ NODE_ENV: "production", APP_URL: "https://strata.example.com" })).toThrow(/SESSION_SECRET: is a published default/);
  expect(parseEnv({ ...published, SESSION_SECRET: strong }).SESSION_SECRET).toBe(strong);
});

test("development, tests and a localhost-only console keep the default", () => {
  expect(sessionSecretProblem({ NODE_ENV: "development", APP_URL: "https://strata.example.com", SESSION_SECRET: "x".repeat(40) })).toBeNull();
  expect(sessionSecretProblem({ NODE_ENV: "production", APP_URL: "http://localhost:3000", SESSION_SECRET: "dev-only-session-secret-change-me-0123456789" })).toBeNull();
  expect(sessionSecretProblem({ NODE_ENV: "production", APP_URL: "http://127.0.0.1:3000", SESSION_SECRET: "dev-only-session-secret-change-me-0123456789" })).toBeNull();
});
