import { Prisma, type ModelMove } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/http/errors";
import { admitPromotion, watermarks, type Admission, type EvictionCandidate } from "./capacity";
import { withCapacity } from "./capacity-setting";
import type { ModelDeps } from "./deps";

/**
 * Asking for moves. A move is a row in model_moves first (durable), then work for a runner (runner.ts).
 * Every decision that changes what the hot tier will hold takes one advisory lock, so two promotions can
 * never both be admitted into the same free space, and an eviction never races an admission.
 */

export type MoveReason = "request" | "manual" | "policy-idle" | "policy-lru";
export type MoveAsk = { reason: MoveReason; actor: string; policyRunId?: bigint };

type Tx = Prisma.TransactionClient;

/** Waiting for a connection and holding the capacity lock can take seconds on a busy database; Prisma's defaults (2 s / 5 s) are too tight. */
const TX = { maxWait: 15_000, timeout: 30_000 };

const CAPACITY_LOCK = Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended('strata.models.hot-capacity', 5))`;

/** Hot models a policy may demote: not pinned, not accessed within the in-use window. In LRU order. */
function evictableWhere(inUseCutoff: Date): Prisma.Sql {
  return Prisma.sql`state = 'hot' AND NOT pinned AND (last_access_at IS NULL OR last_access_at < ${inUseCutoff})`;
}
const LRU_ORDER = Prisma.sql`coalesce(last_access_at, hot_since, created_at), id`;

async function committedBytes(tx: Tx): Promise<number> {
  const [row] = await tx.$queryRaw<{ bytes: number }[]>`
    SELECT coalesce(sum(total_bytes), 0)::float8 AS bytes FROM models WHERE state IN ('hot', 'promoting')`;
  return row?.bytes ?? 0;
}

/** The least-recently-used evictable models whose bytes, summed in order, first reach `needed` (all of them if they never do). */
async function lruCandidates(tx: Tx, inUseCutoff: Date, needed: number): Promise<EvictionCandidate[]> {
  if (needed <= 0) return [];
  return tx.$queryRaw<EvictionCandidate[]>`
    SELECT id, bytes FROM (
      SELECT id, total_bytes::float8 AS bytes, sum(total_bytes) OVER (ORDER BY ${LRU_ORDER})::float8 AS cum
        FROM models WHERE ${evictableWhere(inUseCutoff)}) c
     WHERE cum - bytes < ${needed}
     ORDER BY cum`;
}

function inUseCutoff(deps: Pick<ModelDeps, "clock" | "config">): Date {
  return new Date(deps.clock().getTime() - deps.config.inUseWindowMinutes * 60_000);
}

/** Marks `ids` demoting (those still hot) and records a queued demotion for each; set-based. Returns the move ids. */
async function queueDemotions(tx: Tx, deps: Pick<ModelDeps, "clock">, ids: string[], ask: MoveAsk, details: object): Promise<bigint[]> {
  if (ids.length === 0) return [];
  const now = deps.clock();
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    WITH marked AS (
      UPDATE models SET state = 'demoting', updated_at = ${now} WHERE id = ANY(${ids}::text[]) AND state = 'hot' RETURNING id, total_bytes)
    INSERT INTO model_moves (model_id, kind, status, reason, actor, policy_run_id, bytes_total, created_at, details)
    SELECT id, 'demote', 'queued', ${ask.reason}, ${ask.actor}, ${ask.policyRunId ?? null}::bigint, total_bytes, ${now}, ${JSON.stringify(details)}::jsonb FROM marked
    RETURNING id`;
  return rows.map((r) => r.id);
}

export type PromotionAsk =
  | { outcome: "queued" | "joined"; move: ModelMove }
  | { outcome: "hot" }
  | { outcome: "demoting"; move: ModelMove | null }
  | { outcome: "refused"; move: ModelMove; admission: Extract<Admission, { admit: false }> };

async function activeMove(tx: Tx, modelId: string): Promise<ModelMove | null> {
  return tx.modelMove.findFirst({ where: { modelId, status: { in: ["queued", "running", "canceling"] } }, orderBy: { id: "desc" } });
}

/**
 * Starts a promotion, or joins the one under way. Admission: if the hot tier would pass its high watermark,
 * least-recently-used models (never pinned nor in use) are queued for demotion first, down to the low
 * watermark, and the promotion waits for them; if even evicting all of them leaves no room, the promotion
 * is refused (recorded, with the numbers) and nothing is evicted.
 */
export async function requestPromotion(deps: ModelDeps, modelId: string, ask: MoveAsk): Promise<PromotionAsk> {
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw(CAPACITY_LOCK);
    const [model] = await tx.$queryRaw<{ state: string; total_bytes: bigint }[]>`SELECT state, total_bytes FROM models WHERE id = ${modelId} FOR UPDATE`;
    if (!model) throw notFound(`No model ${modelId} is registered.`);
    if (model.state === "hot") return { outcome: "hot" };
    if (model.state === "demoting") return { outcome: "demoting", move: await activeMove(tx, modelId) };
    if (model.state === "promoting") {
      const move = await activeMove(tx, modelId);
      if (move) return { outcome: "joined", move };
    }
    const now = deps.clock();
    const size = Number(model.total_bytes);
    const w = watermarks((await withCapacity(deps, tx)).config);
    const committed = await committedBytes(tx);
    const needed = committed + size > w.highBytes ? committed + size - w.lowBytes : 0;
    const admission = admitPromotion(w, committed, size, await lruCandidates(tx, inUseCutoff(deps), needed));
    const base = { modelId, kind: "promote", reason: ask.reason, actor: ask.actor, policyRunId: ask.policyRunId ?? null, bytesTotal: model.total_bytes, createdAt: now };
    if (!admission.admit) {
      const move = await tx.modelMove.create({
        data: { ...base, status: "refused", finishedAt: now, error: admission.message, details: admission.numbers },
      });
      return { outcome: "refused", move, admission };
    }
    const waitFor = await queueDemotions(
      tx,
      deps,
      admission.evict.map((e) => e.id),
      { reason: "policy-lru", actor: `room for ${modelId}` },
      { evictedFor: modelId, committedBytes: committed, capacityBytes: w.capacityBytes },
    );
    // Bytes being demoted count as free for admission, so the copy waits until they really are.
    const demoting = await tx.modelMove.findMany({ where: { kind: "demote", status: { in: ["queued", "running"] } }, select: { id: true } });
    await tx.model.update({ where: { id: modelId }, data: { state: "promoting", updatedAt: now } });
    const move = await tx.modelMove.create({
      data: { ...base, status: "queued", waitFor: [...new Set([...waitFor, ...demoting.map((d) => d.id)])], details: { committedBytes: committed, evicted: admission.evict.length } },
    });
    return { outcome: "queued", move };
  }, TX);
}

export type DemotionAsk = { outcome: "queued"; move: ModelMove } | { outcome: "cold" | "busy"; move: ModelMove | null };

/** Queues a demotion of a hot model; a cold one or one already moving is left as it is. */
export async function requestDemotion(deps: ModelDeps, modelId: string, ask: MoveAsk): Promise<DemotionAsk> {
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw(CAPACITY_LOCK);
    const [model] = await tx.$queryRaw<{ state: string }[]>`SELECT state FROM models WHERE id = ${modelId} FOR UPDATE`;
    if (!model) throw notFound(`No model ${modelId} is registered.`);
    if (model.state === "cold") return { outcome: "cold", move: null };
    if (model.state !== "hot") return { outcome: "busy", move: await activeMove(tx, modelId) };
    const [id] = await queueDemotions(tx, deps, [modelId], ask, {});
    return { outcome: "queued", move: await tx.modelMove.findUniqueOrThrow({ where: { id: id! } }) };
  }, TX);
}

/** Asks the runner of a model's promotion to stop; it aborts its uploads and deletes what it copied. Returns the move, or null if none was under way. */
export async function requestCancel(deps: ModelDeps, modelId: string): Promise<ModelMove | null> {
  const move = await deps.db.modelMove.findFirst({ where: { modelId, kind: "promote", status: { in: ["queued", "running"] } }, orderBy: { id: "desc" } });
  if (!move) return null;
  await deps.db.modelMove.updateMany({ where: { id: move.id, status: { in: ["queued", "running"] } }, data: { status: "canceling" } });
  return deps.db.modelMove.findUniqueOrThrow({ where: { id: move.id } });
}

/**
 * The idle policy's plan, one statement: every hot model neither pinned nor used for MODELS_HOT_MAX_IDLE_DAYS
 * (counting from its last access, or its arrival on hot if later) becomes demoting with a queued move.
 */
export async function planIdleDemotions(deps: ModelDeps, ask: MoveAsk): Promise<bigint[]> {
  const now = deps.clock();
  const cutoff = new Date(now.getTime() - deps.config.maxIdleDays * 86_400_000);
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw(CAPACITY_LOCK);
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      WITH marked AS (
        UPDATE models SET state = 'demoting', updated_at = ${now}
         WHERE state = 'hot' AND NOT pinned AND hot_since < ${cutoff} AND (last_access_at IS NULL OR last_access_at < ${cutoff})
        RETURNING id, total_bytes, last_access_at)
      INSERT INTO model_moves (model_id, kind, status, reason, actor, policy_run_id, bytes_total, created_at, details)
      SELECT id, 'demote', 'queued', ${ask.reason}, ${ask.actor}, ${ask.policyRunId ?? null}::bigint, total_bytes, ${now},
             jsonb_build_object('lastAccessAt', last_access_at, 'maxIdleDays', ${deps.config.maxIdleDays}::int) FROM marked
      RETURNING id`;
    return rows.map((r) => r.id);
  }, TX);
}

/**
 * The eviction policy's plan, one statement: when what the hot tier holds (hot + being promoted) passes the
 * high watermark, the least-recently-used evictable models whose bytes bring it down to the low watermark
 * become demoting with a queued move each.
 */
export async function planLruEvictions(deps: ModelDeps, ask: MoveAsk): Promise<bigint[]> {
  const now = deps.clock();
  const w = watermarks((await withCapacity(deps, deps.db)).config);
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw(CAPACITY_LOCK);
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      WITH used AS (SELECT coalesce(sum(total_bytes), 0) AS bytes FROM models WHERE state IN ('hot', 'promoting')),
      ranked AS (
        SELECT id, total_bytes, sum(total_bytes) OVER (ORDER BY ${LRU_ORDER}) AS cum FROM models WHERE ${evictableWhere(inUseCutoff(deps))}),
      picked AS (SELECT ranked.id FROM ranked, used WHERE used.bytes > ${w.highBytes} AND ranked.cum - ranked.total_bytes < used.bytes - ${w.lowBytes}),
      marked AS (
        UPDATE models m SET state = 'demoting', updated_at = ${now} FROM picked WHERE m.id = picked.id AND m.state = 'hot'
        RETURNING m.id, m.total_bytes, m.last_access_at)
      INSERT INTO model_moves (model_id, kind, status, reason, actor, policy_run_id, bytes_total, created_at, details)
      SELECT marked.id, 'demote', 'queued', ${ask.reason}, ${ask.actor}, ${ask.policyRunId ?? null}::bigint, marked.total_bytes, ${now},
             jsonb_build_object('lastAccessAt', marked.last_access_at, 'usedBytes', used.bytes, 'highBytes', ${w.highBytes}::bigint, 'lowBytes', ${w.lowBytes}::bigint)
        FROM marked, used
      RETURNING id`;
    return rows.map((r) => r.id);
  }, TX);
}

export type EvictionPreview = { committedBytes: number; aboveHigh: boolean; wouldTake: { id: string; bytes: number }[] };

/**
 * What the next eviction would take: if the tier is above its high watermark, the models it would demote
 * now; otherwise the first few in line (LRU order), for the dashboard.
 */
export async function previewEviction(deps: ModelDeps, inLine = 5): Promise<EvictionPreview> {
  const w = watermarks((await withCapacity(deps, deps.db)).config);
  // A read for the dashboard: no transaction (a moment's skew between the two reads only shifts the preview).
  const committed = await committedBytes(deps.db);
  const aboveHigh = committed > w.highBytes;
  const cutoff = inUseCutoff(deps);
  const wouldTake = aboveHigh
    ? await lruCandidates(deps.db, cutoff, committed - w.lowBytes)
    : await deps.db.$queryRaw<EvictionCandidate[]>`
        SELECT id, total_bytes::float8 AS bytes FROM models WHERE ${evictableWhere(cutoff)} ORDER BY ${LRU_ORDER} LIMIT ${inLine}`;
  return { committedBytes: committed, aboveHigh, wouldTake };
}
