import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "../../lib/config/env";
import { diffDatamodels, repoRoot } from "../../lib/db/prisma-cli";

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the schema as committed at HEAD
 * to the schema in the working tree. Prisma's own `migrate dev` needs the native engine, which we cannot
 * download. Usage: `npm run db:new-migration -- <name> [prisma/schema/<file>.prisma ...]`; naming files takes
 * only those from the working tree (the rest from HEAD), so others' uncommitted models stay out of it.
 */

const [name, ...onlyFiles] = process.argv.slice(2);
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <snake_case_name> [prisma/schema/file.prisma ...]");
  process.exit(2);
}

const work = mkdtempSync(path.join(os.tmpdir(), "strata-migration-"));
try {
  const before = path.join(work, "before");
  mkdirSync(before);
  const committed = execFileSync("git", ["ls-tree", "--name-only", "HEAD", "prisma/schema/"], { cwd: repoRoot, encoding: "utf8" })
    .split("\n")
    .filter((f) => f.endsWith(".prisma"));
  for (const file of committed) {
    writeFileSync(path.join(before, path.basename(file)), execFileSync("git", ["show", `HEAD:${file}`], { cwd: repoRoot }));
  }

  let after = path.join(repoRoot, "prisma/schema");
  if (onlyFiles.length > 0) {
    after = path.join(work, "after");
    execFileSync("cp", ["-r", before, after]);
    for (const file of onlyFiles) copyFileSync(path.join(repoRoot, file), path.join(after, path.basename(file)));
  }

  const sql = await diffDatamodels(committed.length > 0 ? before : null, after, env().DATABASE_URL);
  if (sql.trim() === "" || /^-- This is an empty migration\.\s*$/.test(sql.trim())) {
    console.log("The schema matches HEAD: no migration written.");
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const dir = path.join(repoRoot, "prisma/migrations", `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`wrote ${path.relative(repoRoot, dir)}/migration.sql — read it, then apply with npm run db:migrate`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
