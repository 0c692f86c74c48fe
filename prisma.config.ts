import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The JS (WASM) schema engine: Prisma's native engines cannot be downloaded on air-gapped machines,
// and this is the configuration under which `prisma generate` and `prisma migrate diff` work offline.
// Migrations are applied by our own applier (scripts/db/migrate.ts), not `prisma migrate deploy`.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://strata:strata@127.0.0.1:5432/strata" }),
});
