import type { ModelMove } from "@/lib/generated/prisma/client";
import { isS3NotFound } from "@/lib/files/s3-errors";
import { runLimited } from "@/lib/files/run-limited";
import { sameStore } from "@/lib/s3/tiers";
import { alreadyCompleted, completeUpload, copyPart, copyWholeFile, createUpload, partPlanFor, type ColdFile, type Route } from "./copy-file";
import type { ModelDeps } from "./deps";
import type { Lease } from "./lease";
import { adoptFailedCopy } from "./resume";

/**
 * A promotion: every file of the model copied cold → hot and verified, then — and only then — the model
 * becomes hot, in the same transaction that closes the move. What is done is in PostgreSQL as it happens
 * (per file, and per part of the big ones, with the multipart upload id), so a runner killed at any point
 * and started again copies only what is missing — and a promotion that failed leaves that record (and its
 * uploads) for the next promotion of the model to take over (resume.ts).
 */

type FileState = ColdFile & { path: string; uploadId: string | null; partSize: number | null; done: boolean; parts: Map<number, string> };

type Task = { kind: "whole"; file: FileState } | { kind: "part"; file: FileState; partNumber: number };

export function routeFor(deps: Pick<ModelDeps, "cold" | "hot" | "config">): Route {
  return {
    cold: deps.cold,
    hot: deps.hot,
    coldBucket: deps.config.coldBucket,
    hotBucket: deps.config.hotBucket,
    serverSide: sameStore(deps.cold, deps.hot),
  };
}

async function loadFiles(deps: ModelDeps, move: ModelMove, prefix: string): Promise<FileState[]> {
  // A promotion's first attempt takes over what a failed promotion of the model copied (resume.ts).
  const started = await deps.db.modelMoveFile.count({ where: { moveId: move.id } });
  if (started === 0) await adoptFailedCopy(deps, move, prefix);
  await deps.db.$executeRaw`
    INSERT INTO model_move_files (move_id, path, source_etag) SELECT ${move.id}, path, etag FROM model_files WHERE model_id = ${move.modelId}
    ON CONFLICT DO NOTHING`;
  const [files, progress] = await Promise.all([
    deps.db.modelFile.findMany({ where: { modelId: move.modelId }, orderBy: { path: "asc" } }),
    deps.db.modelMoveFile.findMany({ where: { moveId: move.id }, include: { parts: true } }),
  ]);
  const byPath = new Map(progress.map((p) => [p.path, p]));
  return files.map((f) => {
    const p = byPath.get(f.path);
    return {
      path: f.path,
      key: prefix + f.path,
      size: Number(f.size),
      etag: f.etag,
      uploadId: p?.uploadId ?? null,
      partSize: p?.partSize === null || p?.partSize === undefined ? null : Number(p.partSize),
      done: p?.done ?? false,
      parts: new Map((p?.parts ?? []).map((part) => [part.partNumber, part.etag])),
    };
  });
}

/** Forgets a multipart upload the store no longer has (and the bytes its parts counted), so the file starts over. */
async function forgetUpload(deps: ModelDeps, moveId: bigint, file: FileState): Promise<void> {
  await deps.db.$executeRaw`
    WITH gone AS (DELETE FROM model_move_parts WHERE move_id = ${moveId} AND path = ${file.path} RETURNING bytes),
         reset AS (UPDATE model_move_files SET upload_id = NULL, part_size = NULL WHERE move_id = ${moveId} AND path = ${file.path})
    UPDATE model_moves SET bytes_done = greatest(0, bytes_done - coalesce((SELECT sum(bytes) FROM gone), 0)) WHERE id = ${moveId}`;
  file.uploadId = null;
  file.partSize = null;
  file.parts.clear();
}

async function startUpload(deps: ModelDeps, route: Route, moveId: bigint, file: FileState): Promise<void> {
  file.partSize = deps.config.partBytes;
  file.uploadId = await createUpload(route, file);
  await deps.db.modelMoveFile.update({ where: { moveId_path: { moveId, path: file.path } }, data: { uploadId: file.uploadId, partSize: BigInt(file.partSize) } });
}

function tasksFor(deps: ModelDeps, files: FileState[]): Task[] {
  return files.flatMap((file): Task[] => {
    if (file.done) return [];
    if (file.size <= deps.config.multipartAboveBytes) return [{ kind: "whole", file }];
    const plan = partPlanFor(file, file.partSize!);
    return Array.from({ length: plan.partCount }, (_, i) => i + 1)
      .filter((n) => !file.parts.has(n))
      .map((partNumber) => ({ kind: "part" as const, file, partNumber }));
  });
}

/** Completes a file whose parts are all copied (or notices an earlier run already did). */
async function finishParts(route: Route, lease: Lease, file: FileState): Promise<void> {
  const plan = partPlanFor(file, file.partSize!);
  if (file.parts.size < plan.partCount) return;
  try {
    await completeUpload(route, file, file.uploadId!, file.parts);
  } catch (error) {
    if (!isS3NotFound(error) || !(await alreadyCompleted(route, file, file.parts, plan.partCount))) throw error;
  }
  await lease.fileDone(file.path, 0);
  file.done = true;
}

export async function executePromotion(deps: ModelDeps, move: ModelMove, lease: Lease): Promise<void> {
  const model = await deps.db.model.findUniqueOrThrow({ where: { id: move.modelId } });
  const route = routeFor(deps);
  const files = await loadFiles(deps, move, model.prefix);

  for (let attempt = 0; ; attempt += 1) {
    // A file whose parts were all copied before a crash only needs completing.
    for (const file of files) if (!file.done && file.uploadId) await finishPartsOrForget(deps, route, lease, move.id, file, attempt);
    for (const file of files) {
      if (!file.done && file.size > deps.config.multipartAboveBytes && !file.uploadId) await startUpload(deps, route, move.id, file);
    }
    try {
      await runLimited(tasksFor(deps, files), deps.config.copyConcurrency, async (task) => {
        if (task.kind === "whole") {
          await copyWholeFile(route, task.file);
          await lease.fileDone(task.file.path, task.file.size);
          task.file.done = true;
          return;
        }
        const { file, partNumber } = task;
        const etag = await copyPart(route, file, file.uploadId!, partPlanFor(file, file.partSize!), partNumber);
        const bytes = Math.min(file.partSize!, file.size - (partNumber - 1) * file.partSize!);
        await lease.part(file.path, partNumber, etag, bytes);
        file.parts.set(partNumber, etag);
        await finishParts(route, lease, file);
      });
      break;
    } catch (error) {
      // The store lost an upload (aborted by a clean-up job, or by a store restart): start those files over, once.
      const lost = isS3NotFound(error) && attempt === 0;
      if (!lost) throw error;
      for (const file of files) if (!file.done && file.uploadId) await forgetUpload(deps, move.id, file);
    }
  }

  const now = deps.clock();
  await deps.db.$transaction([
    deps.db.model.updateMany({ where: { id: move.modelId, state: "promoting" }, data: { state: "hot", hotSince: now, updatedAt: now } }),
    deps.db.modelMove.update({ where: { id: move.id }, data: { status: "succeeded", finishedAt: now, bytesDone: move.bytesTotal, leaseUntil: null } }),
  ]);
}

async function finishPartsOrForget(deps: ModelDeps, route: Route, lease: Lease, moveId: bigint, file: FileState, attempt: number): Promise<void> {
  try {
    await finishParts(route, lease, file);
  } catch (error) {
    if (!isS3NotFound(error) || attempt > 0) throw error;
    await forgetUpload(deps, moveId, file);
  }
}
