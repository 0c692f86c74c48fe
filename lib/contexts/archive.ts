import type { ContextDeps } from "./deps";
import { archiveBatch, type JobScope } from "./pg-tiers";

const DAY_MS = 86_400_000;

export type ArchiveProgress = { archived: number; batches: number };

/**
 * Moves every context idle for CONTEXTS_WARM_DAYS from warm to cold, one set-based statement per batch.
 * Each batch commits on its own, so a run killed at any point has moved whole batches only, and the next
 * run carries on from the rows still eligible: nothing is moved twice or lost.
 *
 * Redis copies are left alone: a warm context is cached for at most CONTEXTS_HOT_TTL_SECONDS after its
 * last use, long before it is idle enough to archive.
 */
export async function archiveContexts(
  deps: Pick<ContextDeps, "db" | "config">,
  options: { now?: Date; scope?: JobScope; onBatch?: (progress: ArchiveProgress) => Promise<void> } = {},
): Promise<ArchiveProgress> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - deps.config.warmDays * DAY_MS);
  const progress: ArchiveProgress = { archived: 0, batches: 0 };
  for (;;) {
    const moved = await archiveBatch(deps.db, cutoff, deps.config.archiveBatch, options.scope);
    if (moved === 0) return progress;
    progress.archived += moved;
    progress.batches += 1;
    await options.onBatch?.({ ...progress });
  }
}
