import { AbortMultipartUploadCommand } from "@aws-sdk/client-s3";
import { Prisma, type ModelMove } from "@/lib/generated/prisma/client";
import { DemotionRefused, executeDemotion } from "./demote";
import type { ModelDeps } from "./deps";
import { holdLease, LeaseLost, MoveCanceled } from "./lease";
import { executePromotion } from "./promote";
import { recordTierSample } from "./stats";
import { deleteTierPrefix } from "./tier-objects";

/**
 * Runs queued moves, one at a time per runner, any number of runners (worker replicas) side by side: a
 * runner claims a move with SKIP LOCKED and holds it by a lease it renews as it works. A move whose runner
 * died (lease expired) is claimed again and resumed. Moves of one model run in order, and a promotion waits
 * for the evictions that make room for it.
 */

export type RunnerScope = { modelIds?: string[]; moveIds?: bigint[] };
export type RunnerCounts = { promoted: number; demoted: number; refused: number; canceled: number; failed: number };
type Outcome = keyof RunnerCounts | "lost";

export async function claimMove(deps: ModelDeps, scope: RunnerScope = {}): Promise<ModelMove | null> {
  const now = deps.clock();
  const until = new Date(now.getTime() + deps.config.leaseSeconds * 1000);
  const byModel = scope.modelIds ? Prisma.sql`AND c.model_id = ANY(${scope.modelIds}::text[])` : Prisma.empty;
  const byMove = scope.moveIds ? Prisma.sql`AND c.id = ANY(${scope.moveIds.map(String)}::bigint[])` : Prisma.empty;
  const rows = await deps.db.$queryRaw<{ id: bigint }[]>`
    UPDATE model_moves m
       SET status = CASE WHEN m.status = 'canceling' THEN 'canceling' ELSE 'running' END,
           attempts = m.attempts + 1, attempt_at = ${now}, started_at = coalesce(m.started_at, ${now}),
           bytes_at_start = m.bytes_done, lease_until = ${until}
     WHERE m.id = (
       SELECT c.id FROM model_moves c
        WHERE (c.status = 'queued' OR (c.status IN ('running', 'canceling') AND c.lease_until < ${now})) ${byModel} ${byMove}
          AND NOT EXISTS (
            SELECT 1 FROM model_moves o
             WHERE o.status IN ('queued', 'running', 'canceling') AND o.id < c.id AND (o.model_id = c.model_id OR o.id = ANY(c.wait_for)))
        ORDER BY c.id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING m.id`;
  const id = rows[0]?.id;
  return id === undefined ? null : deps.db.modelMove.findUniqueOrThrow({ where: { id } });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A failed promotion: the model is cold again, but what it copied stays — its uploads, parts and completed
 * files on the hot tier, and their record — for the next promotion of the model to take over (resume.ts);
 * the models-moves job cleans it up if nobody retries within a day.
 */
async function failPromotion(deps: ModelDeps, move: ModelMove, error: string): Promise<void> {
  const now = deps.clock();
  await deps.db.$transaction([
    deps.db.model.updateMany({ where: { id: move.modelId, state: "promoting" }, data: { state: "cold", updatedAt: now } }),
    deps.db.modelMove.update({ where: { id: move.id }, data: { status: "failed", finishedAt: now, leaseUntil: null, error } }),
  ]);
}

/** Takes back what a canceled promotion copied: its open uploads and its objects; the model is cold again. */
async function undoPromotion(deps: ModelDeps, move: ModelMove, status: "canceled", error: string | null): Promise<void> {
  const model = await deps.db.model.findUniqueOrThrow({ where: { id: move.modelId } });
  const uploads = await deps.db.modelMoveFile.findMany({ where: { moveId: move.id, done: false, uploadId: { not: null } } });
  const leftovers: string[] = [];
  for (const u of uploads) {
    await deps.hot.client
      .send(new AbortMultipartUploadCommand({ Bucket: deps.config.hotBucket, Key: model.prefix + u.path, UploadId: u.uploadId! }))
      .catch((e: unknown) => leftovers.push(`upload of ${u.path}: ${messageOf(e)}`));
  }
  leftovers.push(...(await deleteTierPrefix(deps.hot, deps.config.hotBucket, model.prefix).catch((e: unknown) => [messageOf(e)])));
  const note = leftovers.length > 0 ? ` Clean-up left: ${leftovers.slice(0, 3).join("; ")}.` : "";
  const now = deps.clock();
  await deps.db.$transaction([
    deps.db.model.updateMany({ where: { id: move.modelId, state: "promoting" }, data: { state: "cold", updatedAt: now } }),
    deps.db.modelMove.update({ where: { id: move.id }, data: { status, finishedAt: now, leaseUntil: null, error: error || note ? `${error ?? ""}${note}`.trim() : null } }),
  ]);
}

/** A demotion that did not happen: the hot copy is untouched, so the model is hot again. */
async function keepHot(deps: ModelDeps, move: ModelMove, status: "refused" | "failed", error: string): Promise<void> {
  const now = deps.clock();
  await deps.db.$transaction([
    deps.db.model.updateMany({ where: { id: move.modelId, state: "demoting" }, data: { state: "hot", updatedAt: now } }),
    deps.db.modelMove.update({ where: { id: move.id }, data: { status, finishedAt: now, leaseUntil: null, error } }),
  ]);
}

export async function runMove(deps: ModelDeps, move: ModelMove): Promise<Outcome> {
  const lease = holdLease(deps, move.id, move.attempts);
  const log = deps.log.child({ move: move.id.toString(), model: move.modelId, kind: move.kind });
  try {
    if (move.status === "canceling") throw new MoveCanceled();
    if (move.kind === "promote") {
      await executePromotion(deps, move, lease);
      log.info("promoted");
      return "promoted";
    }
    await executeDemotion(deps, move);
    log.info("demoted");
    return "demoted";
  } catch (error) {
    if (error instanceof LeaseLost) {
      log.warn("another runner took the move over; stopping");
      return "lost";
    }
    if (move.kind === "promote") {
      if (error instanceof MoveCanceled) {
        await undoPromotion(deps, move, "canceled", null);
        return "canceled";
      }
      log.error({ err: error }, "promotion failed; what it copied is kept for a retry");
      await failPromotion(deps, move, messageOf(error));
      return "failed";
    }
    const refused = error instanceof DemotionRefused;
    log[refused ? "warn" : "error"]({ err: error }, refused ? "demotion refused" : "demotion failed");
    await keepHot(deps, move, refused ? "refused" : "failed", messageOf(error));
    return refused ? "refused" : "failed";
  }
}

/** Runs every claimable move (within `scope`) until none is left; records the tiers' sizes if anything moved. */
export async function runPendingMoves(
  deps: ModelDeps,
  scope: RunnerScope = {},
  onMove?: (counts: RunnerCounts) => Promise<void>,
): Promise<RunnerCounts> {
  const counts: RunnerCounts = { promoted: 0, demoted: 0, refused: 0, canceled: 0, failed: 0 };
  for (let move = await claimMove(deps, scope); move; move = await claimMove(deps, scope)) {
    const outcome = await runMove(deps, move);
    if (outcome !== "lost") counts[outcome] += 1;
    await onMove?.({ ...counts });
  }
  if (counts.promoted + counts.demoted + counts.canceled + counts.failed > 0) await recordTierSample(deps);
  return counts;
}
