import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { envSchema } from "./env";

// .env.example is the reference for every variable (docs/configuration.md points to it); this keeps it true.
const example = readFileSync(path.resolve(import.meta.dirname, "../../.env.example"), "utf8").split("\n");
const documented = new Map<string, string>();
example.forEach((line, i) => {
  const match = /^([A-Z][A-Z0-9_]*)=/.exec(line);
  if (match?.[1]) documented.set(match[1], example[i - 1] ?? "");
});

test("every variable the app reads is in .env.example, with a comment above it", () => {
  const missing = Object.keys(envSchema.shape).filter((key) => !documented.has(key));
  expect(missing).toEqual([]);
  const uncommented = [...documented].filter(([, above]) => !above.startsWith("#") && !/^[A-Z][A-Z0-9_]*=/.test(above));
  expect(uncommented.map(([key]) => key)).toEqual([]);
});

test(".env.example lists no variable the app does not read", () => {
  const known = new Set(Object.keys(envSchema.shape));
  expect([...documented.keys()].filter((key) => !known.has(key))).toEqual([]);
});
