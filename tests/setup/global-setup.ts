import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrations";

/**
 * Integration tests run against the real services of the local stack (`./strata up`), in their own
 * database (`<name>_test`) and Redis database 1, so a test run never touches a developer's data.
 */
export default async function setup() {
  const base = new URL(process.env.DATABASE_URL ?? "postgresql://strata:strata@127.0.0.1:5432/strata");
  const testDb = `${base.pathname.slice(1)}_test`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [testDb]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${testDb}"`);
  await admin.end();

  const testUrl = new URL(base);
  testUrl.pathname = `/${testDb}`;
  const client = new pg.Client({ connectionString: testUrl.toString() });
  await client.connect();
  await applyMigrations(client, path.resolve(import.meta.dirname, "../../prisma/migrations"));
  await client.end();

  process.env.DATABASE_URL = testUrl.toString();
  // Tests take the Redis database after the app's (0 -> 1, 2 -> 3, ...), so two checkouts on one machine
  // that give their apps different even databases never share queues or keys.
  const redisUrl = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  redisUrl.pathname = `/${Number(redisUrl.pathname.slice(1) || "0") + 1}`;
  process.env.REDIS_URL = redisUrl.toString();
}
