import { AbortMultipartUploadCommand, ListPartsCommand, type Part } from "@aws-sdk/client-s3";
import type { ModelMove } from "@/lib/generated/prisma/client";
import { isS3NotFound } from "@/lib/files/s3-errors";
import type { ModelDeps } from "./deps";
import { deleteTierPrefix, headTierObject, normaliseEtag } from "./tier-objects";
import { multipartEtag } from "./copy-file";

/**
 * A failed promotion is not thrown away: its multipart uploads, the parts they hold and the files it
 * completed stay on the hot tier and in model_move_files / model_move_parts, and the next promotion of the
 * model takes them over (`adoptFailedCopy`), so a retry after a failure copies only what is missing — as a
 * rerun after `kill -9` does. Only work done from the same cold version is taken (the file's ETag then and
 * now), and it is checked on the store before it counts: each upload's parts by ListParts (number, ETag,
 * size), each completed file by a HEAD. A failed promotion nobody retries is cleaned up after
 * `failedCopyKeepHours` by `sweepFailedCopies` (models-moves job): uploads aborted, copied files deleted if
 * the model is still cold.
 */

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

type Leftover = { path: string; upload_id: string | null; done: boolean; size: bigint | null; part_size: bigint | null };

/** Aborts multipart uploads, best effort; returns what could not be aborted. */
async function abortUploads(deps: ModelDeps, prefix: string, uploads: { path: string; uploadId: string }[]): Promise<string[]> {
  const left: string[] = [];
  for (const u of uploads) {
    await deps.hot.client
      .send(new AbortMultipartUploadCommand({ Bucket: deps.config.hotBucket, Key: prefix + u.path, UploadId: u.uploadId }))
      .catch((e: unknown) => (isS3NotFound(e) ? undefined : left.push(`upload of ${u.path}: ${messageOf(e)}`)));
  }
  return left;
}

async function listedParts(deps: ModelDeps, key: string, uploadId: string): Promise<Map<number, Part> | null> {
  const parts = new Map<number, Part>();
  let marker: string | undefined;
  try {
    for (;;) {
      const out = await deps.hot.client.send(new ListPartsCommand({ Bucket: deps.config.hotBucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
      for (const p of out.Parts ?? []) if (p.PartNumber !== undefined) parts.set(p.PartNumber, p);
      if (!out.IsTruncated || !out.NextPartNumberMarker) return parts;
      marker = out.NextPartNumberMarker;
    }
  } catch (error) {
    if (isS3NotFound(error)) return null;
    throw error;
  }
}


/**
 * Moves the recorded work of the model's latest failed promotion to `move` (a promotion's first attempt),
 * keeping only what was copied from the cold version registered now and what the hot store still holds.
 * Returns the bytes taken over (0 if there was nothing).
 */
export async function adoptFailedCopy(deps: ModelDeps, move: ModelMove, prefix: string): Promise<number> {
  const [previous] = await deps.db.$queryRaw<{ id: bigint }[]>`
    SELECT m.id FROM model_moves m
     WHERE m.model_id = ${move.modelId} AND m.kind = 'promote' AND m.status = 'failed' AND m.id < ${move.id}
       AND EXISTS (SELECT 1 FROM model_move_files f WHERE f.move_id = m.id)
     ORDER BY m.id DESC LIMIT 1`;
  if (!previous) return 0;
  const from = previous.id;

  // One transaction: the rows change owner (same-version files only), the rest are dropped; what the dropped
  // rows held on the store is aborted afterwards.
  const stale = await deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM model_moves WHERE id = ${from} FOR UPDATE`;
    await tx.$executeRaw`
      INSERT INTO model_move_files (move_id, path, source_etag, upload_id, part_size, done)
      SELECT ${move.id}, f.path, f.source_etag, f.upload_id, f.part_size, f.done
        FROM model_move_files f JOIN model_files mf ON mf.model_id = ${move.modelId} AND mf.path = f.path AND mf.etag = f.source_etag
       WHERE f.move_id = ${from}
      ON CONFLICT DO NOTHING`;
    await tx.$executeRaw`
      INSERT INTO model_move_parts (move_id, path, part_number, etag, bytes)
      SELECT ${move.id}, p.path, p.part_number, p.etag, p.bytes
        FROM model_move_parts p JOIN model_move_files f ON f.move_id = ${move.id} AND f.path = p.path
       WHERE p.move_id = ${from}
      ON CONFLICT DO NOTHING`;
    const dropped = await tx.$queryRaw<{ path: string; upload_id: string }[]>`
      SELECT f.path, f.upload_id FROM model_move_files f
       WHERE f.move_id = ${from} AND f.upload_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM model_move_files n WHERE n.move_id = ${move.id} AND n.path = f.path)`;
    await tx.$executeRaw`DELETE FROM model_move_files WHERE move_id = ${from}`;
    await tx.$executeRaw`UPDATE model_moves SET details = details || jsonb_build_object('resumedBy', ${move.id.toString()}::text) WHERE id = ${from}`;
    return dropped;
  });
  await abortUploads(deps, prefix, stale.map((s) => ({ path: s.path, uploadId: s.upload_id })));

  // Check what was taken over against the store; whatever does not hold up is copied again.
  const files = await deps.db.$queryRaw<(Leftover & { etag: string })[]>`
    SELECT f.path, f.upload_id, f.done, f.part_size, mf.size, mf.etag
      FROM model_move_files f JOIN model_files mf ON mf.model_id = ${move.modelId} AND mf.path = f.path
     WHERE f.move_id = ${move.id}`;
  for (const f of files) {
    const recorded = await deps.db.modelMovePart.findMany({ where: { moveId: move.id, path: f.path }, orderBy: { partNumber: "asc" } });
    if (f.done) {
      const hot = await headTierObject(deps.hot, deps.config.hotBucket, prefix + f.path);
      const expected = recorded.length > 0 ? multipartEtag(recorded.map((p) => p.etag)) : /^[0-9a-f]{32}$/.test(f.etag) ? f.etag : null;
      if (hot && hot.size === Number(f.size) && (expected === null || hot.etag === expected)) continue;
      await resetFile(deps, move.id, f.path);
      continue;
    }
    if (!f.upload_id) continue;
    const listed = await listedParts(deps, prefix + f.path, f.upload_id);
    if (listed === null) {
      await resetFile(deps, move.id, f.path);
      continue;
    }
    const gone = recorded.filter((p) => {
      const there = listed.get(p.partNumber);
      return !there || normaliseEtag(there.ETag) !== p.etag || (there.Size !== undefined && there.Size !== Number(p.bytes));
    });
    if (gone.length > 0) {
      await deps.db.modelMovePart.deleteMany({ where: { moveId: move.id, path: f.path, partNumber: { in: gone.map((p) => p.partNumber) } } });
    }
  }

  // Progress starts at what was taken over: the parts' bytes, and whole files completed without parts.
  const [row] = await deps.db.$queryRaw<{ bytes: bigint }[]>`
    WITH b AS (
      SELECT (SELECT coalesce(sum(bytes), 0) FROM model_move_parts WHERE move_id = ${move.id})
           + (SELECT coalesce(sum(mf.size), 0) FROM model_move_files f JOIN model_files mf ON mf.model_id = ${move.modelId} AND mf.path = f.path
               WHERE f.move_id = ${move.id} AND f.done AND NOT EXISTS (SELECT 1 FROM model_move_parts p WHERE p.move_id = f.move_id AND p.path = f.path)) AS bytes)
    UPDATE model_moves SET bytes_done = b.bytes, bytes_at_start = b.bytes,
           details = details || jsonb_build_object('resumedFrom', ${from.toString()}::text, 'reusedBytes', b.bytes)
      FROM b WHERE id = ${move.id}
    RETURNING b.bytes`;
  const bytes = Number(row?.bytes ?? 0);
  deps.log.info({ move: move.id.toString(), from: from.toString(), bytes }, "promotion takes over a failed promotion's copied parts");
  return bytes;
}

/** Forgets a taken-over file's work (its upload, if any, is aborted): it is copied from the start. */
async function resetFile(deps: ModelDeps, moveId: bigint, path: string): Promise<void> {
  const [f] = await deps.db.$queryRaw<{ upload_id: string | null; prefix: string }[]>`
    SELECT f.upload_id, m.prefix FROM model_move_files f JOIN model_moves mv ON mv.id = f.move_id JOIN models m ON m.id = mv.model_id
     WHERE f.move_id = ${moveId} AND f.path = ${path}`;
  if (f?.upload_id) await abortUploads(deps, f.prefix, [{ path, uploadId: f.upload_id }]);
  await deps.db.$executeRaw`DELETE FROM model_move_parts WHERE move_id = ${moveId} AND path = ${path}`;
  await deps.db.$executeRaw`UPDATE model_move_files SET upload_id = NULL, part_size = NULL, done = false WHERE move_id = ${moveId} AND path = ${path}`;
}

/**
 * Cleans up failed promotions nobody retried within `failedCopyKeepHours`: aborts their uploads and, if the
 * model is still cold (no later promotion owns the hot prefix), deletes what they copied. Returns how many.
 */
export async function sweepFailedCopies(deps: ModelDeps): Promise<number> {
  const cutoff = new Date(deps.clock().getTime() - deps.config.failedCopyKeepHours * 3_600_000);
  const moves = await deps.db.$queryRaw<{ id: bigint; prefix: string; state: string }[]>`
    SELECT mv.id, m.prefix, m.state FROM model_moves mv JOIN models m ON m.id = mv.model_id
     WHERE mv.kind = 'promote' AND mv.status = 'failed' AND mv.finished_at < ${cutoff}
       AND EXISTS (SELECT 1 FROM model_move_files f WHERE f.move_id = mv.id)
     ORDER BY mv.id LIMIT 100`;
  for (const mv of moves) await discardFailedCopy(deps, mv.id, mv.prefix, mv.state === "cold");
  return moves.length;
}

/** Aborts a failed promotion's uploads, deletes its copied files when `deleteCopies`, and forgets its rows. */
export async function discardFailedCopy(deps: ModelDeps, moveId: bigint, prefix: string, deleteCopies: boolean): Promise<string[]> {
  const uploads = await deps.db.modelMoveFile.findMany({ where: { moveId, uploadId: { not: null }, done: false } });
  const left = await abortUploads(deps, prefix, uploads.map((u) => ({ path: u.path, uploadId: u.uploadId! })));
  if (deleteCopies) left.push(...(await deleteTierPrefix(deps.hot, deps.config.hotBucket, prefix).catch((e: unknown) => [messageOf(e)])));
  if (left.length === 0) await deps.db.modelMoveFile.deleteMany({ where: { moveId } });
  return left;
}

/** Every failed promotion of a model that still holds work on the hot tier (deleting a model aborts them all). */
export async function failedCopiesOf(deps: ModelDeps, modelId: string): Promise<bigint[]> {
  const rows = await deps.db.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM model_moves mv WHERE model_id = ${modelId} AND kind = 'promote' AND status = 'failed'
       AND EXISTS (SELECT 1 FROM model_move_files f WHERE f.move_id = mv.id)`;
  return rows.map((r) => r.id);
}
