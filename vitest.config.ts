import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts", "vector-engine/test/**/*.test.ts", "worker/**/*.test.ts"],
    // Integration tests share real services (one Postgres, one Redis, one S3); running files in
    // parallel on a 2-core machine makes them fight over the same rows and buckets.
    fileParallelism: false,
    globalSetup: ["tests/setup/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
