import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyMigrations, checksumOf, readMigrations } from "@/lib/db/migrations";
import { diffDatamodels, repoRoot } from "@/lib/db/prisma-cli";
import { createScratchDatabase, describeSchema, dropScratchDatabase } from "./catalog";

const migrationsDir = path.join(repoRoot, "prisma/migrations");
const schemaDir = path.join(repoRoot, "prisma/schema");
const baseUrl = process.env.DATABASE_URL!;
const suffix = `${process.pid}`;
const fromMigrations = `strata_mig_${suffix}`;
const fromSchema = `strata_schema_${suffix}`;

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  let migrationsUrl: string;
  let schemaUrl: string;

  beforeAll(async () => {
    migrationsUrl = await createScratchDatabase(baseUrl, fromMigrations);
    schemaUrl = await createScratchDatabase(baseUrl, fromSchema);
  });
  afterAll(async () => {
    await dropScratchDatabase(baseUrl, fromMigrations);
    await dropScratchDatabase(baseUrl, fromSchema);
  });

  test("the migrations build the same database as schema.prisma describes", async () => {
    await withClient(migrationsUrl, (c) => applyMigrations(c, migrationsDir));
    const fullSql = await diffDatamodels(null, schemaDir, schemaUrl);
    await withClient(schemaUrl, (c) => c.query(fullSql));
    const [built, described] = await Promise.all([describeSchema(migrationsUrl), describeSchema(schemaUrl)]);
    expect(built.length).toBeGreaterThan(10);
    expect(built).toEqual(described);
  });

  test("records each migration as Prisma does, and a second run applies nothing", async () => {
    const migrations = await readMigrations(migrationsDir);
    const second = await withClient(migrationsUrl, (c) => applyMigrations(c, migrationsDir));
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(migrations.map((m) => m.name));
    const rows = await withClient(migrationsUrl, (c) =>
      c.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; id: string }>(
        `SELECT migration_name, checksum, finished_at, applied_steps_count, id FROM "_prisma_migrations" ORDER BY migration_name`,
      ),
    );
    expect(rows.rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.rows.entries()) {
      expect(row.checksum).toBe(migrations[i]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test("a failing migration leaves neither changes nor a record, and reports which one failed", async () => {
    const fs = await import("node:fs/promises");
    const os = await import("node:os");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "strata-migrations-"));
    try {
      await fs.mkdir(path.join(dir, "001_ok"));
      await fs.writeFile(path.join(dir, "001_ok/migration.sql"), `CREATE TABLE probe_ok (id int);`);
      await fs.mkdir(path.join(dir, "002_broken"));
      await fs.writeFile(path.join(dir, "002_broken/migration.sql"), `CREATE TABLE probe_half (id int);\nSELECT no_such_function();`);
      const url = await createScratchDatabase(baseUrl, `strata_fail_${suffix}`);
      try {
        await expect(withClient(url, (c) => applyMigrations(c, dir))).rejects.toThrow(/002_broken failed and was rolled back/);
        const tables = await withClient(url, (c) =>
          c.query<{ relname: string }>(`SELECT relname FROM pg_class WHERE relname LIKE 'probe_%' ORDER BY 1`),
        );
        expect(tables.rows.map((r) => r.relname)).toEqual(["probe_ok"]);
        const recorded = await withClient(url, (c) => c.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`));
        expect(recorded.rows.map((r) => r.migration_name)).toEqual(["001_ok"]);
      } finally {
        await dropScratchDatabase(baseUrl, `strata_fail_${suffix}`);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test("checksums are the SHA-256 of the file, as Prisma computes them", () => {
    expect(checksumOf("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
