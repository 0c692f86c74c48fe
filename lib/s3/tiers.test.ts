import { expect, test } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { sameStore, tierStoreConfig } from "./tiers";

test("a tier without S3_HOT_*/S3_COLD_* variables is the main store", () => {
  expect(tierStoreConfig("hot", parseEnv({}))).toBeNull();
  expect(tierStoreConfig("cold", parseEnv({ S3_HOT_ENDPOINT: "http://ssd:9000" }))).toBeNull();
});

test("a tier's own endpoint and key, each falling back to the main store's", () => {
  const e = parseEnv({ S3_ENDPOINT: "http://main:8333", S3_PUBLIC_ENDPOINT: "https://s3.example", S3_HOT_ENDPOINT: "http://ssd:9000" });
  expect(tierStoreConfig("hot", e)).toMatchObject({ endpoint: "http://ssd:9000", publicEndpoint: undefined, accessKeyId: "strata" });
  const keyOnly = parseEnv({ S3_PUBLIC_ENDPOINT: "https://s3.example", S3_COLD_ACCESS_KEY_ID: "cold", S3_COLD_SECRET_ACCESS_KEY: "cold-secret" });
  expect(tierStoreConfig("cold", keyOnly)).toMatchObject({
    endpoint: "http://127.0.0.1:8333",
    publicEndpoint: "https://s3.example",
    accessKeyId: "cold",
    secretAccessKey: "cold-secret",
  });
});

test("server-side copies only inside one store reached with one key", () => {
  expect(sameStore({ endpoint: "http://a:1/", accessKeyId: "k" }, { endpoint: "http://A:1", accessKeyId: "k" })).toBe(true);
  expect(sameStore({ endpoint: "http://a:1", accessKeyId: "k" }, { endpoint: "http://a:1", accessKeyId: "other" })).toBe(false);
  expect(sameStore({ endpoint: "http://a:1", accessKeyId: "k" }, { endpoint: "http://b:1", accessKeyId: "k" })).toBe(false);
});
