import type { ModelMove } from "@/lib/generated/prisma/client";
import { runLimited } from "@/lib/files/run-limited";
import type { ModelDeps } from "./deps";
import { deleteTierPrefix, headTierObject } from "./tier-objects";

/**
 * A demotion: the hot copy is a cache of the cold one, so it may go only once the cold copy is known to be
 * complete — every registered file there, with its size and ETag. Otherwise the demotion is refused, the
 * model stays hot, and the move says which files are wrong.
 */

export class DemotionRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`The cold copy is not complete, so the hot copy was kept: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}.`);
    this.name = "DemotionRefused";
  }
}

/** What is wrong with the cold copy of a model's files (empty: it is complete). */
export async function coldCopyProblems(deps: ModelDeps, modelId: string, prefix: string): Promise<string[]> {
  const files = await deps.db.modelFile.findMany({ where: { modelId }, orderBy: { path: "asc" } });
  if (files.length === 0) return ["no files are registered"];
  const problems = await runLimited(files, 8, async (f) => {
    const cold = await headTierObject(deps.cold, deps.config.coldBucket, prefix + f.path);
    if (!cold) return `${f.path} is missing`;
    if (cold.size !== Number(f.size)) return `${f.path} has ${cold.size} of ${f.size} bytes`;
    if (cold.etag !== f.etag) return `${f.path} changed since it was registered (ETag ${cold.etag}, registered ${f.etag})`;
    return null;
  });
  return problems.filter((p): p is string => p !== null);
}

export async function executeDemotion(deps: ModelDeps, move: ModelMove): Promise<void> {
  const model = await deps.db.model.findUniqueOrThrow({ where: { id: move.modelId } });
  const problems = await coldCopyProblems(deps, model.id, model.prefix);
  if (problems.length > 0) throw new DemotionRefused(problems);
  const failed = await deleteTierPrefix(deps.hot, deps.config.hotBucket, model.prefix).catch((error: unknown) => [String(error)]);
  // Once deleting began the hot copy is incomplete, so the model is cold even if some deletes failed (a later
  // promotion overwrites what is left, a later demotion deletes it).
  const now = deps.clock();
  await deps.db.$transaction([
    deps.db.model.updateMany({ where: { id: model.id, state: "demoting" }, data: { state: "cold", hotSince: null, updatedAt: now } }),
    deps.db.modelMove.update({
      where: { id: move.id },
      data: failed.length === 0
        ? { status: "succeeded", finishedAt: now, bytesDone: move.bytesTotal, leaseUntil: null }
        : { status: "failed", finishedAt: now, leaseUntil: null, error: `The model is cold, but the hot tier kept ${failed.length} of its objects: ${failed.slice(0, 3).join(", ")}` },
    }),
  ]);
}
