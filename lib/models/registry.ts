import { createHash } from "node:crypto";
import type { Model, ModelFile, ModelMove } from "@/lib/generated/prisma/client";
import { conflict, HttpError, notFound } from "@/lib/http/errors";
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

const sortColumn: Record<ModelSort, keyof Model> = {
  name: "name",
  state: "state",
  size: "totalBytes",
  files: "fileCount",
  lastAccess: "lastAccessAt",
  accesses: "accessCount",
  created: "createdAt",
};

export const MAX_LISTED_MODELS = 1000;

/** Never-accessed models sort as the oldest access; Prisma takes `nulls` only for nullable columns. */
function sortOrder(filter: ModelFilter) {
  const sort = filter.desc ? ("desc" as const) : ("asc" as const);
  return filter.sort === "lastAccess" ? { sort, nulls: filter.desc ? ("last" as const) : ("first" as const) } : sort;
}

export async function listModels(deps: ModelDeps, filter: ModelFilter = {}): Promise<ModelView[]> {
  const rows = await deps.db.model.findMany({
    where: {
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.pinned === undefined ? {} : { pinned: filter.pinned }),
      ...(filter.text
        ? { OR: [{ id: { contains: filter.text, mode: "insensitive" } }, { name: { contains: filter.text, mode: "insensitive" } }, { type: { contains: filter.text, mode: "insensitive" } }] }
        : {}),
    },
    orderBy: [{ [sortColumn[filter.sort ?? "name"]]: sortOrder(filter) }, { id: "asc" }],
    take: Math.min(filter.limit ?? MAX_LISTED_MODELS, MAX_LISTED_MODELS),
  });
  const moves = await activeMoves(deps, rows.map((r) => r.id));
  const clock = policyClock(deps);
  return rows.map((r) => toModelView(r, moves.get(r.id) ?? null, clock));
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
