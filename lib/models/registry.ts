import { createHash } from "node:crypto";
import { Prisma, type Model, type ModelFile, type ModelMove } from "@/lib/generated/prisma/client";
import { badRequest, conflict, HttpError, notFound } from "@/lib/http/errors";
import type { ModelDeps } from "./deps";
import { isActiveMove, toModelView, toMoveView, type PolicyClock } from "./views";
import { listTierObjects, type TierObject } from "./tier-objects";
import type { ModelDetail, ModelState, ModelView, Registration } from "./schemas";

/**
 * The registry: which models exist (the cold bucket's `<type>/<name>/<version>/` prefixes) and what files
 * each holds. Registration reads the cold bucket, so a row always describes bytes that are really there.
 */

export const modelPrefix = (r: Pick<Registration, "type" | "name" | "version">) => `${r.type}/${r.name}/${r.version}/`;

/** A scan names a model after its prefix: `type.name.version`, lower-cased, with anything else as '-'; a hash if that is taken. */
export function derivedModelId(type: string, name: string, version: string, taken = false): string {
  const slug = `${type}.${name}.${version}`
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, taken ? 119 : 128);
  const base = slug || "model";
  return taken ? `${base}-${createHash("sha256").update(`${type}/${name}/${version}/`).digest("hex").slice(0, 8)}` : base;
}

export function policyClock(deps: Pick<ModelDeps, "clock" | "config">): PolicyClock {
  return { now: deps.clock(), maxIdleDays: deps.config.maxIdleDays, inUseWindowMinutes: deps.config.inUseWindowMinutes };
}

type FileFacts = { path: string; size: number; etag: string; sha256?: string | null };

/** What the cold bucket holds under a prefix, as files relative to it. */
async function coldFiles(deps: ModelDeps, prefix: string): Promise<FileFacts[]> {
  const files: FileFacts[] = [];
  for await (const page of listTierObjects(deps.cold, deps.config.coldBucket, prefix)) {
    for (const o of page) files.push({ path: o.key.slice(prefix.length), size: o.size, etag: o.etag });
  }
  return files;
}

function sameFiles(a: Pick<ModelFile, "path" | "size" | "etag">[], b: FileFacts[]): boolean {
  if (a.length !== b.length) return false;
  const byPath = new Map(a.map((f) => [f.path, f]));
  return b.every((f) => {
    const old = byPath.get(f.path);
    return old !== undefined && Number(old.size) === f.size && old.etag === f.etag;
  });
}

/** Writes a model's row and replaces its file list, in one transaction. */
async function writeModel(deps: ModelDeps, id: string, r: Pick<Registration, "type" | "name" | "version">, files: FileFacts[], exists: boolean) {
  const totalBytes = files.reduce((sum, f) => sum + BigInt(f.size), 0n);
  const fields = { fileCount: files.length, totalBytes, updatedAt: deps.clock() };
  await deps.db.$transaction([
    exists
      ? deps.db.model.update({ where: { id }, data: fields })
      : deps.db.model.create({ data: { id, type: r.type, name: r.name, version: r.version, prefix: modelPrefix(r), createdAt: deps.clock(), ...fields } }),
    deps.db.modelFile.deleteMany({ where: { modelId: id } }),
    deps.db.modelFile.createMany({
      data: files.map((f) => ({ modelId: id, path: f.path, size: BigInt(f.size), etag: f.etag, sha256: f.sha256 ?? null })),
    }),
  ]);
}

/**
 * Registers (or re-registers) a model under `id` from what the cold bucket holds at its prefix. Files the
 * caller lists must be there with their sizes. A model whose copy is hot or moving cannot have its files
 * changed under it: demote it first.
 */
export async function registerModel(deps: ModelDeps, id: string, r: Registration): Promise<{ created: boolean; model: ModelDetail }> {
  const prefix = modelPrefix(r);
  const [byId, byPrefix] = await Promise.all([deps.db.model.findUnique({ where: { id } }), deps.db.model.findUnique({ where: { prefix } })]);
  if (byPrefix && byPrefix.id !== id) throw conflict(`s3://${deps.config.coldBucket}/${prefix} is already registered as ${byPrefix.id}.`);
  if (byId && byId.prefix !== prefix) throw conflict(`${id} is registered for s3://${deps.config.coldBucket}/${byId.prefix}; a model's prefix cannot change.`);

  const found = await coldFiles(deps, prefix);
  if (found.length === 0) throw conflict(`Nothing is stored under s3://${deps.config.coldBucket}/${prefix}; upload the model's files there first.`);
  const files: FileFacts[] = found;
  if (r.files) {
    const byPath = new Map(found.map((f) => [f.path, f]));
    const problems = r.files.flatMap((f) => {
      const there = byPath.get(f.path);
      if (!there) return [`${f.path}: not in the cold bucket`];
      if (there.size !== f.size) return [`${f.path}: ${there.size} bytes in the cold bucket, ${f.size} expected`];
      there.sha256 = f.sha256 ?? null;
      return [];
    });
    if (problems.length > 0) {
      throw new HttpError("conflict", `The cold copy does not match the registration: ${problems.slice(0, 5).join("; ")}.`, problems.slice(0, 100));
    }
  }
  if (byId && byId.state !== "cold") {
    const current = await deps.db.modelFile.findMany({ where: { modelId: id } });
    if (!sameFiles(current, files)) throw conflict(`${id} is ${byId.state}; its files cannot change until it is demoted.`);
  }
  await writeModel(deps, id, r, files, byId !== null);
  return { created: byId === null, model: await getModelDetail(deps, id) };
}

export type ScanResult = { models: number; registered: number; updated: number; unchanged: number; skippedHot: number; ignoredKeys: number };

/**
 * Walks the cold bucket (or a prefix of it) and registers every `<type>/<name>/<version>/` it finds, updates
 * those whose files changed, and leaves alone those whose copy is hot or moving (counted as skippedHot).
 * Keys come in order, so each model is complete when the listing moves past its prefix: memory holds one model.
 */
export async function scanColdBucket(deps: ModelDeps, options: { prefix?: string; onModel?: (r: ScanResult) => Promise<void> } = {}): Promise<ScanResult> {
  const result: ScanResult = { models: 0, registered: 0, updated: 0, unchanged: 0, skippedHot: 0, ignoredKeys: 0 };
  type Pending = { type: string; name: string; version: string; prefix: string; files: FileFacts[] };
  // Assigned inside flush() too, which narrowing cannot follow: hence the cast.
  let current = null as Pending | null;

  const flush = async () => {
    if (!current) return;
    const { files, prefix, ...r } = current;
    current = null;
    result.models += 1;
    const existing = await deps.db.model.findUnique({ where: { prefix }, include: { files: true } });
    if (existing && sameFiles(existing.files, files)) result.unchanged += 1;
    else if (existing && existing.state !== "cold") result.skippedHot += 1;
    else if (existing) {
      await writeModel(deps, existing.id, r, files, true);
      result.updated += 1;
    } else {
      let id = derivedModelId(r.type, r.name, r.version);
      if (await deps.db.model.findUnique({ where: { id }, select: { id: true } })) id = derivedModelId(r.type, r.name, r.version, true);
      await writeModel(deps, id, r, files, false);
      result.registered += 1;
    }
    await options.onModel?.({ ...result });
  };

  for await (const page of listTierObjects(deps.cold, deps.config.coldBucket, options.prefix ?? "")) {
    for (const o of page) {
      const parts = o.key.split("/");
      if (parts.length < 4 || parts.slice(0, 3).some((p) => p === "")) {
        result.ignoredKeys += 1;
        continue;
      }
      const [type, name, version] = parts as [string, string, string];
      const prefix = `${type}/${name}/${version}/`;
      if (current?.prefix !== prefix) {
        await flush();
        current = { type, name, version, prefix, files: [] };
      }
      current.files.push(fileOf(o, prefix));
    }
  }
  await flush();
  return result;
}

function fileOf(o: TierObject, prefix: string): FileFacts {
  return { path: o.key.slice(prefix.length), size: o.size, etag: o.etag };
}

async function activeMoves(deps: ModelDeps, modelIds: string[]): Promise<Map<string, ModelMove>> {
  if (modelIds.length === 0) return new Map();
  const moves = await deps.db.modelMove.findMany({
    where: { modelId: { in: modelIds }, status: { in: ["queued", "running", "canceling"] } },
    orderBy: { id: "asc" },
  });
  return new Map(moves.map((m) => [m.modelId, m]));
}

export type ModelSort = "name" | "state" | "size" | "files" | "lastAccess" | "accesses" | "created";
export type ModelFilter = { state?: ModelState | undefined; pinned?: boolean | undefined; text?: string | undefined; sort?: ModelSort; desc?: boolean; limit?: number };

/** Each sort's SQL expression and the type its cursor value is read back as. Never-accessed models sort as the oldest access. */
const sortKeys: Record<ModelSort, { expr: Prisma.Sql; type: Prisma.Sql; read: (m: Model) => string }> = {
  name: { expr: Prisma.sql`name`, type: Prisma.sql`text`, read: (m) => m.name },
  state: { expr: Prisma.sql`state`, type: Prisma.sql`text`, read: (m) => m.state },
  size: { expr: Prisma.sql`total_bytes`, type: Prisma.sql`bigint`, read: (m) => m.totalBytes.toString() },
  files: { expr: Prisma.sql`file_count`, type: Prisma.sql`bigint`, read: (m) => String(m.fileCount) },
  lastAccess: {
    expr: Prisma.sql`coalesce(last_access_at, '-infinity'::timestamptz)`,
    type: Prisma.sql`timestamptz`,
    read: (m) => m.lastAccessAt?.toISOString() ?? "-infinity",
  },
  accesses: { expr: Prisma.sql`access_count`, type: Prisma.sql`bigint`, read: (m) => m.accessCount.toString() },
  created: { expr: Prisma.sql`created_at`, type: Prisma.sql`timestamptz`, read: (m) => m.createdAt.toISOString() },
};

/** The most a page holds (the API's `limit` and the dashboard's page are at most this). */
export const MAX_LISTED_MODELS = 1000;

/** Where a page ends: the last row's sort value and id, with the ordering they belong to. Opaque to callers (base64url JSON). */
type Cursor = { sort: ModelSort; desc: boolean; value: string; id: string };

export function encodeModelCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.desc ? 1 : 0, c.value, c.id])).toString("base64url");
}

function decodeCursor(cursor: string, sort: ModelSort, desc: boolean): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badRequest("cursor: not a cursor this listing returned.");
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || typeof parsed[2] !== "string" || typeof parsed[3] !== "string" || !(parsed[0] in sortKeys)) {
    throw badRequest("cursor: not a cursor this listing returned.");
  }
  const c: Cursor = { sort: parsed[0] as ModelSort, desc: parsed[1] === 1, value: parsed[2], id: parsed[3] };
  if (c.sort !== sort || c.desc !== desc) throw badRequest("cursor: it belongs to another sort order; start again without it.");
  if (sort !== "name" && sort !== "state" && !/^(-infinity|-?[0-9][0-9T:.Z+-]*)$/.test(c.value)) throw badRequest("cursor: not a cursor this listing returned.");
  return c;
}

function whereOf(filter: ModelFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`true`];
  if (filter.state) parts.push(Prisma.sql`state = ${filter.state}`);
  if (filter.pinned !== undefined) parts.push(Prisma.sql`pinned = ${filter.pinned}`);
  if (filter.text) {
    const t = filter.text.toLowerCase();
    parts.push(Prisma.sql`(strpos(lower(id), ${t}) > 0 OR strpos(lower(name), ${t}) > 0 OR strpos(lower(type), ${t}) > 0)`);
  }
  return Prisma.join(parts, " AND ");
}

export type ModelPage = { models: ModelView[]; nextCursor: string | null };

/**
 * One page of the registry, keyset-paged: ordered by the sort column then id (both in the sort's direction),
 * each page starting after the previous page's last row (a row comparison, not an OFFSET), so every model is
 * listed exactly once however many there are, even while models are added or removed between pages. No sort
 * column has an index of its own, so each page is a scan of the matching rows after the cursor with a top-N
 * sort (not measured beyond the 1,234 models of tests/models/list.test.ts).
 */
export async function listModelsPage(deps: ModelDeps, filter: ModelFilter = {}, cursor?: string): Promise<ModelPage> {
  const sort = filter.sort ?? "name";
  const desc = filter.desc ?? false;
  const key = sortKeys[sort];
  const limit = Math.max(1, Math.min(filter.limit ?? MAX_LISTED_MODELS, MAX_LISTED_MODELS));
  const after = cursor ? decodeCursor(cursor, sort, desc) : null;
  const dir = desc ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const keyset = after
    ? desc
      ? Prisma.sql`AND (${key.expr}, id) < (${after.value}::${key.type}, ${after.id})`
      : Prisma.sql`AND (${key.expr}, id) > (${after.value}::${key.type}, ${after.id})`
    : Prisma.empty;
  const rows = await deps.db.$queryRaw<Model[]>`
    SELECT id, type, name, version, prefix, file_count AS "fileCount", total_bytes AS "totalBytes", state, pinned,
           last_access_at AS "lastAccessAt", access_count AS "accessCount", hot_since AS "hotSince", created_at AS "createdAt", updated_at AS "updatedAt"
      FROM models
     WHERE ${whereOf(filter)} ${keyset}
     ORDER BY ${key.expr} ${dir}, id ${dir}
     LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const moves = await activeMoves(deps, page.map((r) => r.id));
  const clock = policyClock(deps);
  return {
    models: page.map((r) => toModelView(r, moves.get(r.id) ?? null, clock)),
    nextCursor: rows.length > limit && last ? encodeModelCursor({ sort, desc, value: key.read(last), id: last.id }) : null,
  };
}

/** How many models match a filter (the dashboard's "N models"). */
export async function countModels(deps: ModelDeps, filter: ModelFilter = {}): Promise<number> {
  const [row] = await deps.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM models WHERE ${whereOf(filter)}`;
  return Number(row?.n ?? 0);
}

/** The first page (up to MAX_LISTED_MODELS); see listModelsPage for the rest. */
export async function listModels(deps: ModelDeps, filter: ModelFilter = {}): Promise<ModelView[]> {
  return (await listModelsPage(deps, filter)).models;
}

export async function getModelDetail(deps: ModelDeps, id: string): Promise<ModelDetail> {
  const row = await deps.db.model.findUnique({
    where: { id },
    include: { files: { orderBy: { path: "asc" } }, moves: { orderBy: { id: "desc" }, take: 50 } },
  });
  if (!row) throw notFound(`No model ${id} is registered.`);
  const clock = policyClock(deps);
  const active = row.moves.find((m) => isActiveMove(m.status)) ?? null;
  const { files, moves, ...model } = row;
  return {
    ...toModelView(model, active, clock),
    files: files.map((f) => ({ path: f.path, size: Number(f.size), etag: f.etag, sha256: f.sha256 })),
    moves: moves.map((m) => toMoveView(m, clock.now)),
  };
}

/** Pins or unpins: a pinned model is never demoted by a policy. */
export async function setPinned(deps: ModelDeps, id: string, pinned: boolean): Promise<void> {
  const updated = await deps.db.model.updateMany({ where: { id }, data: { pinned, updatedAt: deps.clock() } });
  if (updated.count === 0) throw notFound(`No model ${id} is registered.`);
}
