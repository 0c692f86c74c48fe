import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrations";

/**
 * The benchmarks run in their own database (`<db>_bench`, migrated here) and Redis database 2, so they never
 * touch a developer's data; call before importing anything that reads the environment.
 */
export async function openBenchServices(): Promise<{ databaseUrl: string; redisUrl: string }> {
  const base = new URL(process.env.DATABASE_URL ?? "postgresql://strata:strata@127.0.0.1:5432/strata");
  const name = `${base.pathname.slice(1)}_bench`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  if ((await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await applyMigrations(client, path.resolve(import.meta.dirname, "../../prisma/migrations"));
  await client.end();
  const redisUrl = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  redisUrl.pathname = "/2";
  process.env.DATABASE_URL = url.toString();
  process.env.REDIS_URL = redisUrl.toString();
  process.env.LOG_LEVEL ??= "warn";
  return { databaseUrl: url.toString(), redisUrl: redisUrl.toString() };
}

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

export function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))] ?? Number.NaN;
}

/** Runs `once` `count` times one after another and returns the sorted latencies in ms. */
export async function timeEach(count: number, once: (i: number) => Promise<unknown>, between?: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    if (between) await between(i);
    const start = performance.now();
    await once(i);
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;
