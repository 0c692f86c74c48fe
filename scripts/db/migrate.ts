import path from "node:path";
import pg from "pg";
import { env } from "../../lib/config/env";
import { applyMigrations } from "../../lib/db/migrations";

const dir = path.resolve(import.meta.dirname, "../../prisma/migrations");
const client = new pg.Client({ connectionString: env().DATABASE_URL });
try {
  await client.connect();
  const report = await applyMigrations(client, dir);
  for (const name of report.applied) console.log(`applied   ${name}`);
  for (const name of report.modifiedSinceApplied)
    console.warn(`warning   ${name} was modified after it was applied; write a new migration instead of editing an applied one`);
  console.log(`migrations: ${report.applied.length} applied, ${report.alreadyApplied.length} already up to date`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await client.end();
}
