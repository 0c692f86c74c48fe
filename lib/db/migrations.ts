import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Client } from "pg";

/**
 * Applies `prisma/migrations/<name>/migration.sql` in name order and records each in `_prisma_migrations`
 * with the same columns, checksum (SHA-256 of the file) and lock Prisma uses, so `prisma migrate deploy`
 * on a connected machine sees them as applied. We need our own because Prisma's schema engine cannot be
 * downloaded offline, and its WASM engine cannot deploy (prisma/orm#27403).
 */

export type Migration = { name: string; sql: string; checksum: string };
export type AppliedMigration = { name: string; checksum: string; finishedAt: Date | null };
export type MigrationReport = { applied: string[]; alreadyApplied: string[]; modifiedSinceApplied: string[] };

// The advisory lock key Prisma's schema engine takes, so our applier and Prisma never run at once.
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

export async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

export async function appliedMigrations(client: Client): Promise<AppliedMigration[]> {
  const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  return rows.map((r) => ({ name: r.migration_name, checksum: r.checksum, finishedAt: r.finished_at }));
}

export async function applyMigrations(client: Client, dir: string): Promise<MigrationReport> {
  const migrations = await readMigrations(dir);
  await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = await appliedMigrations(client);
    const unfinished = applied.filter((m) => m.finishedAt === null);
    if (unfinished.length > 0) {
      throw new Error(
        `Migration ${unfinished.map((m) => m.name).join(", ")} started but never finished (left by another tool). ` +
          `Repair the database by hand, then mark it rolled back: UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '<name>'.`,
      );
    }
    const byName = new Map(applied.map((m) => [m.name, m]));
    const report: MigrationReport = { applied: [], alreadyApplied: [], modifiedSinceApplied: [] };
    for (const migration of migrations) {
      const existing = byName.get(migration.name);
      if (existing) {
        report.alreadyApplied.push(migration.name);
        if (existing.checksum !== migration.checksum) report.modifiedSinceApplied.push(migration.name);
        continue;
      }
      await applyOne(client, migration);
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
  }
}

// One transaction per migration: a failing script leaves neither half its changes nor a record behind,
// so fixing the script and running again is always safe.
async function applyOne(client: Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}
