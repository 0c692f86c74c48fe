import pg from "pg";

/**
 * A comparable description of a database's public schema, read from the catalogs: tables, columns with
 * their types, nullability and defaults, constraints, and indexes. Two databases with equal descriptions
 * have the same shape, whichever SQL built them.
 */
export async function describeSchema(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const lines: string[] = [];
    const columns = await client.query<{ t: string; c: string; type: string; nullable: string; def: string | null }>(`
      SELECT c.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type,
             CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END AS nullable,
             pg_get_expr(d.adbin, d.adrelid) AS def
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
         AND c.relname <> '_prisma_migrations'
       ORDER BY 1, 2`);
    for (const r of columns.rows) lines.push(`column ${r.t}.${r.c} ${r.type} ${r.nullable} default=${r.def ?? "-"}`);
    const constraints = await client.query<{ t: string; name: string; def: string }>(`
      SELECT c.relname AS t, con.conname AS name, pg_get_constraintdef(con.oid) AS def
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations'
       ORDER BY 1, 2`);
    for (const r of constraints.rows) lines.push(`constraint ${r.t}.${r.name} ${r.def}`);
    const indexes = await client.query<{ def: string }>(`
      SELECT indexdef AS def FROM pg_indexes
       WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
       ORDER BY indexname`);
    for (const r of indexes.rows) lines.push(`index ${r.def}`);
    const enums = await client.query<{ name: string; labels: string }>(`
      SELECT t.typname AS name, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' GROUP BY 1 ORDER BY 1`);
    for (const r of enums.rows) lines.push(`enum ${r.name} ${r.labels}`);
    return lines;
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropScratchDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
