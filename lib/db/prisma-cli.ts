import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const repoRoot = path.resolve(import.meta.dirname, "../..");

/**
 * Environment for the Prisma CLI on a machine that cannot download Prisma's native engines: pointing the
 * engine variables at any existing file makes the CLI skip the download, and with `engine: "js"` in
 * prisma.config.ts it never loads them.
 */
export function offlinePrismaEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const placeholder = path.join(repoRoot, "package.json");
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  };
}

/** SQL that turns the database described by `from` (a schema folder, or nothing) into the one described by `to`. */
export async function diffDatamodels(from: string | null, to: string, databaseUrl: string): Promise<string> {
  const fromArgs = from ? ["--from-schema-datamodel", from] : ["--from-empty"];
  const { stdout } = await run(
    path.join(repoRoot, "node_modules/.bin/prisma"),
    ["migrate", "diff", ...fromArgs, "--to-schema-datamodel", to, "--script"],
    { cwd: repoRoot, env: offlinePrismaEnv(databaseUrl), maxBuffer: 32 * 1024 * 1024 },
  );
  // The public schema always exists; Prisma's CREATE SCHEMA line would make migrations need CREATE on the database.
  return stdout.replace(/-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n?/, "");
}
