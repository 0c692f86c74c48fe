import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { Prisma, type FileOperation } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { s3 } from "@/lib/s3/client";
import { copyObject, type CopyOptions } from "./copy-object";
import { collectFolders, deleteFolderEntries, deleteKeys, type FolderSet } from "./delete-objects";
import { objectKeyProblem } from "./names";
import type { OperationItem, OperationStatus } from "./operation-schemas";
import { runLimited } from "./run-limited";
import { explainS3Error, isS3NotFound } from "./s3-errors";
import { buildZip } from "./zip-operation";

/**
 * Runs folder operations recorded in `file_operations`, a batch at a time, so that a run killed at any
 * point (kill -9 included) is picked up by the next one without doing anything twice:
 *
 * - Sources are listed in the store's key order from `cursor.after`; each batch's last key is written to
 *   `batch_end` before the batch starts and the cursor moves past it only once the whole batch committed.
 * - After a restart, only the keys of the interrupted batch (≤ `batch_end`) are checked at the destination
 *   (HEAD: same size, and the same ETag or written since the operation started) and not copied again when
 *   they are there. A move deletes a source only after its copy; sources already deleted are no longer listed.
 * - A lease (`lease_owner`, `lease_until`, renewed while a batch runs) keeps two workers off one operation;
 *   a worker that lost its lease stops at its next commit.
 */

export type RunnerOptions = {
  /** How long a claim lasts without renewal; a killed worker's operation is resumed after this. */
  leaseMs?: number;
  /** Objects per batch (one listing page; DeleteObjects takes 1,000 at most). */
  batchSize?: number;
  /** Copies in flight at once. */
  concurrency?: number;
  copyOptions?: CopyOptions;
  /** Called after each committed batch (the job records it as progress). */
  onProgress?: (op: FileOperation) => Promise<void> | void;
};

/** What one run did, separately from the operation's running totals: tests and benchmarks read it. */
export type RunCounts = { copied: number; verified: number; deleted: number; zipped: number; failed: number };
export type RunOutcome = { id: string; status: OperationStatus | "lease-lost"; counts: RunCounts };

const DEFAULTS = { leaseMs: 60_000, batchSize: 1000, concurrency: 16 };
const MAX_FAILURES = 100;

type Failure = { key: string; message: string };
export type Listed = { key: string; size: number; etag: string | null };

/** S3 lists keys in UTF-8 byte order, which is not JavaScript's string order for every character. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

const messageOf = (error: unknown, what: string) => {
  const explained = explainS3Error(error, what);
  return explained instanceof Error ? explained.message : String(explained);
};

/** Claims the oldest operation that is queued or whose lease ran out (optionally one given id). */
async function claim(owner: string, leaseMs: number, id?: string): Promise<FileOperation | null> {
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs);
  const rows = await db().$queryRaw<{ id: string }[]>`
    UPDATE file_operations SET status = 'running', lease_owner = ${owner}, lease_until = ${until},
           started_at = COALESCE(started_at, ${now}), updated_at = ${now}
     WHERE id = (SELECT id FROM file_operations
                  WHERE (status = 'queued' OR (status = 'running' AND lease_until < ${now}))
                        ${id ? Prisma.sql`AND id = ${id}::uuid` : Prisma.empty}
                  ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  const claimed = rows[0];
  return claimed ? db().fileOperation.findUnique({ where: { id: claimed.id } }) : null;
}

class LeaseLost extends Error {}
class Cancelled extends Error {}

/** One claimed operation: every write goes through `commit`, which also renews the lease and reads cancel requests. */
export class OperationRun {
  readonly counts: RunCounts = { copied: 0, verified: 0, deleted: 0, zipped: 0, failed: 0 };
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    public op: FileOperation,
    private readonly owner: string,
    readonly options: Required<Omit<RunnerOptions, "copyOptions" | "onProgress">> & Pick<RunnerOptions, "copyOptions" | "onProgress">,
  ) {}

  private leaseUntil(): Date {
    return new Date(Date.now() + this.options.leaseMs);
  }

  /** Writes `data` if this run still holds the lease; throws LeaseLost otherwise, and Cancelled when a cancel was asked for. */
  async commit(data: Prisma.FileOperationUpdateManyMutationInput): Promise<void> {
    const updated = await db().fileOperation.updateMany({ where: { id: this.op.id, leaseOwner: this.owner }, data: { ...data, leaseUntil: this.leaseUntil() } });
    if (updated.count !== 1) throw new LeaseLost(`operation ${this.op.id} was taken over by another worker`);
    this.op = await db().fileOperation.findUniqueOrThrow({ where: { id: this.op.id } });
    await this.options.onProgress?.(this.op);
    if (this.op.cancelRequested) throw new Cancelled();
  }

  /** Between batches when nothing needs writing: a cancel asked for since the last commit stops the run before the next batch. */
  async checkCancel(): Promise<void> {
    const row = await db().fileOperation.findUniqueOrThrow({ where: { id: this.op.id }, select: { cancelRequested: true } });
    if (row.cancelRequested) throw new Cancelled();
  }

  /** Keeps the lease alive while a long batch (big copies) runs. */
  startHeartbeat(): void {
    this.heartbeat = setInterval(() => {
      void db()
        .fileOperation.updateMany({ where: { id: this.op.id, leaseOwner: this.owner }, data: { leaseUntil: this.leaseUntil() } })
        .catch((error: unknown) => logger().warn({ err: error, operation: this.op.id }, "lease renewal failed"));
    }, Math.max(1000, this.options.leaseMs / 3));
    this.heartbeat.unref();
  }

  stopHeartbeat(): void {
    clearInterval(this.heartbeat);
  }

  /** Writes the total once counted (no cancel check: the counter runs beside the batches). */
  async recordTotal(objects: number, bytes: number): Promise<void> {
    await db().fileOperation.updateMany({ where: { id: this.op.id, leaseOwner: this.owner, total: null }, data: { total: objects, totalBytes: BigInt(bytes) } });
  }

  failuresWith(more: Failure[]): Prisma.InputJsonValue {
    return [...(this.op.failures as Failure[]), ...more].slice(0, MAX_FAILURES);
  }
}

/** One listing page of a folder item, or the single object of a file item ("missing" when that file is not there). */
async function nextBatch(bucket: string, item: OperationItem, after: string | undefined, size: number): Promise<Listed[] | "missing"> {
  try {
    if (!item.source.endsWith("/")) {
      if (after !== undefined) return [];
      const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: item.source }));
      return [{ key: item.source, size: head.ContentLength ?? 0, etag: head.ETag ?? null }];
    }
    const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: item.source, StartAfter: after, MaxKeys: size }));
    return (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ key: o.Key, size: o.Size ?? 0, etag: o.ETag ?? null }]));
  } catch (error) {
    if (!item.source.endsWith("/") && isS3NotFound(error)) return "missing";
    throw explainS3Error(error, `Listing ${item.source}`);
  }
}

type Cursor = { item: number; after?: string };

/**
 * The total of a copy, move or delete, counted *beside* the batches instead of in a pass before them (a whole
 * extra listing in front of the first copy). Every listing either flow makes goes through `pass`, in key order
 * within each flow; a single frontier (item, key) records how far any listing has reached, and an object is
 * counted by the first listing that takes the frontier past it. So each object is counted once even when the
 * batches are ahead of the counter and a move or delete has already removed what the counter would have listed.
 */
export class Tally {
  constructor(
    public item = 0,
    public key: string | null = null,
    public objects = 0,
    public bytes = 0,
  ) {}

  pass(item: number, object: Listed): void {
    if (item < this.item || (item === this.item && this.key !== null && compareKeys(object.key, this.key) <= 0)) return;
    this.item = item;
    this.key = object.key;
    this.objects += 1;
    this.bytes += object.size;
  }
}

/** Lists beside the batches from the frontier on and records the total when it reaches the end (or the batches do). */
async function countAlongside(run: OperationRun, tally: Tally, stop: { stopped: boolean }): Promise<void> {
  const items = run.op.items as OperationItem[];
  for (let index = tally.item; index < items.length && !stop.stopped; index += 1) {
    if (tally.item > index) continue;
    for (;;) {
      if (stop.stopped) return;
      const page = await nextBatch(run.op.sourceBucket, items[index]!, tally.item === index ? (tally.key ?? undefined) : undefined, 1000);
      if (page === "missing" || page.length === 0) break;
      if (stop.stopped) return;
      for (const object of page) tally.pass(index, object);
      if (tally.item > index) break;
    }
  }
  if (!stop.stopped) await run.recordTotal(tally.objects, tally.bytes);
}

/** Counts what a zip covers before it starts (its entries are streamed in one pass); a restart simply counts again. */
async function countTotal(run: OperationRun): Promise<void> {
  let objects = 0;
  let bytes = 0;
  for (const item of run.op.items as OperationItem[]) {
    let after: string | undefined;
    for (;;) {
      const batch = await nextBatch(run.op.sourceBucket, item, after, 1000);
      if (batch === "missing" || batch.length === 0) break;
      objects += batch.length;
      for (const o of batch) bytes += o.size;
      after = batch.at(-1)!.key;
      await run.commit({});
    }
  }
  await run.commit({ total: objects, totalBytes: BigInt(bytes) });
}

function destinationOf(item: OperationItem, key: string): string {
  const destination = item.destination ?? "";
  return item.source.endsWith("/") ? destination + key.slice(item.source.length) : destination;
}

/** True when an interrupted run already put this object at its destination (so it is not copied again). */
async function alreadyCopied(run: OperationRun, object: Listed, bucket: string, key: string): Promise<boolean> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    if ((head.ContentLength ?? -1) !== object.size) return false;
    if (object.etag !== null && head.ETag === object.etag) return true;
    // A copy of a multipart object may get a new ETag; then "written since this operation started" decides
    // (store timestamps have one-second resolution, hence the margin).
    const started = run.op.startedAt?.getTime() ?? Date.now();
    return (head.LastModified?.getTime() ?? 0) >= started - 2000;
  } catch (error) {
    if (isS3NotFound(error)) return false;
    throw error;
  }
}

/** Copies (and for a move, then deletes) one batch; answers the source keys it removed. */
async function transferBatch(run: OperationRun, item: OperationItem, batch: Listed[], resumeUpTo: string | null, next: Promise<Listing>): Promise<string[]> {
  const op = run.op;
  const destinationBucket = op.destinationBucket ?? op.sourceBucket;
  const failures: Failure[] = [];
  let copied = 0;
  let verified = 0;
  let bytes = 0;
  const landed = await runLimited(batch, run.options.concurrency, async (object) => {
    const destination = destinationOf(item, object.key);
    const problem = objectKeyProblem(destination);
    if (problem) {
      failures.push({ key: object.key, message: `${destination}: ${problem}` });
      return null;
    }
    try {
      if (resumeUpTo !== null && compareKeys(object.key, resumeUpTo) <= 0 && (await alreadyCopied(run, object, destinationBucket, destination))) {
        verified += 1;
      } else {
        await copyObject({ bucket: op.sourceBucket, key: object.key }, { bucket: destinationBucket, key: destination }, { ...run.options.copyOptions, knownSize: object.size });
        copied += 1;
      }
      bytes += object.size;
      return object.key;
    } catch (error) {
      failures.push({ key: object.key, message: messageOf(error, object.key) });
      return null;
    }
  });
  let deleted = 0;
  let removed: string[] = [];
  if (op.kind === "move") {
    const sources = landed.filter((k): k is string => k !== null);
    const removal = await deleteKeys(op.sourceBucket, sources);
    deleted = removal.deleted;
    for (const f of removal.failed) failures.push({ key: f.key, message: `copied, but the original was not deleted: ${f.message}` });
    const kept = new Set(removal.failed.map((f) => f.key));
    removed = sources.filter((k) => !kept.has(k));
  }
  run.counts.copied += copied;
  run.counts.verified += verified;
  run.counts.deleted += deleted;
  run.counts.failed += failures.length;
  await run.commit({
    done: { increment: copied + verified },
    verified: { increment: verified },
    bytes: { increment: BigInt(bytes) },
    failed: { increment: failures.length },
    failures: run.failuresWith(failures),
    cursor: { item: (op.cursor as Cursor).item, after: batch.at(-1)!.key },
    batchEnd: await endOf(next),
  });
  return removed;
}

/** Deletes one batch; answers the keys it removed. */
async function deleteBatch(run: OperationRun, batch: Listed[], next: Promise<Listing>): Promise<string[]> {
  const removal = await deleteKeys(run.op.sourceBucket, batch.map((o) => o.key));
  const failures = removal.failed.map((f) => ({ key: f.key, message: f.message }));
  const failedKeys = new Set(failures.map((f) => f.key));
  const bytes = batch.reduce((sum, o) => sum + (failedKeys.has(o.key) ? 0 : o.size), 0);
  run.counts.deleted += removal.deleted;
  run.counts.failed += failures.length;
  await run.commit({
    done: { increment: removal.deleted },
    bytes: { increment: BigInt(bytes) },
    failed: { increment: failures.length },
    failures: run.failuresWith(failures),
    cursor: { item: (run.op.cursor as Cursor).item, after: batch.at(-1)!.key },
    batchEnd: await endOf(next),
  });
  return batch.map((o) => o.key).filter((k) => !failedKeys.has(k));
}

/** Deletes the folder entries a move or delete emptied, deepest first, but none that still holds an object it failed on. */
async function removeEmptiedFolders(run: OperationRun, item: OperationItem, folders: FolderSet): Promise<void> {
  const kept = (run.op.failures as Failure[]).map((f) => f.key).filter((k) => k.startsWith(item.source));
  for (const [depth, level] of folders) {
    for (const folder of level) if (kept.some((k) => k.startsWith(folder))) level.delete(folder);
    if (level.size === 0) folders.delete(depth);
  }
  await deleteFolderEntries(run.op.sourceBucket, folders);
}

type Listing = Listed[] | "missing";

/**
 * The next batch's last key, written by the same commit that moves the cursor past the batch just done: it
 * marks the range a killed run may have left half-done (the batch after the cursor), so one write per batch
 * carries both the progress and the resume boundary. A failed look-ahead writes none; the loop lists again.
 */
async function endOf(next: Promise<Listing>): Promise<string | null> {
  const listing = await next.catch(() => null);
  return listing && listing !== "missing" && listing.length > 0 ? listing.at(-1)!.key : null;
}

/**
 * Copy, move or delete: item by item, batch by batch, from the committed cursor on. While a batch's copies
 * run, the next page is already being listed, and the total is counted beside them (`Tally`), so the copy
 * lanes never wait for a listing or a counting pass.
 */
async function runBatches(run: OperationRun, tally: Tally): Promise<void> {
  const items = run.op.items as OperationItem[];
  // The batch a killed run left in flight: only its keys are checked at the destination before copying.
  let resumeUpTo = run.op.batchEnd;
  // Folder entries emptied by this run's moves and deletes, removed when their item is done (SeaweedFS lists
  // an emptied directory for minutes otherwise). A run that resumed cleans up only what it emptied itself.
  let emptied: FolderSet = new Map();
  const list = async (index: number, after: string | undefined): Promise<Listing> => {
    const listing = await nextBatch(run.op.sourceBucket, items[index]!, after, run.options.batchSize);
    if (listing !== "missing") for (const object of listing) tally.pass(index, object);
    return listing;
  };
  type LookAhead = { item: number; after: string; listing: Promise<Listing> };
  let lookAhead: LookAhead | null = null;
  for (let cursor = run.op.cursor as Cursor; cursor.item < items.length; cursor = run.op.cursor as Cursor) {
    const item = items[cursor.item]!;
    const ahead: LookAhead | null = lookAhead;
    lookAhead = null;
    const batch: Listing =
      ahead && ahead.item === cursor.item && ahead.after === cursor.after ? await ahead.listing.catch(() => list(cursor.item, cursor.after)) : await list(cursor.item, cursor.after);
    if (batch === "missing") {
      run.counts.failed += 1;
      const failure = { key: item.source, message: `${item.source}: not found.` };
      await run.commit({ cursor: { item: cursor.item + 1 }, batchEnd: null, failed: { increment: 1 }, failures: run.failuresWith([failure]) });
      continue;
    }
    if (batch.length === 0) {
      if (run.op.kind !== "copy" && item.source.endsWith("/")) await removeEmptiedFolders(run, item, emptied);
      emptied = new Map();
      await run.commit({ cursor: { item: cursor.item + 1 }, batchEnd: null });
      continue;
    }
    const last: string = batch.at(-1)!.key;
    // The previous commit usually wrote this batch's end already (from its look-ahead); a resumed run's
    // interrupted range may reach further. Also where a cancel asked for during the last batch is noticed.
    if (run.op.batchEnd === null || compareKeys(last, run.op.batchEnd) > 0) await run.commit({ batchEnd: last });
    else await run.checkCancel();
    const next = list(cursor.item, last);
    next.catch(() => undefined);
    lookAhead = { item: cursor.item, after: last, listing: next };
    const removed = run.op.kind === "delete" ? await deleteBatch(run, batch, next) : await transferBatch(run, item, batch, resumeUpTo, next);
    if (item.source.endsWith("/")) collectFolders(item.source, removed, emptied);
    if (resumeUpTo !== null && compareKeys(last, resumeUpTo) >= 0) resumeUpTo = null;
  }
}

async function finish(run: OperationRun, status: OperationStatus, error?: string): Promise<OperationStatus> {
  const op = run.op;
  await db().fileOperation.updateMany({
    where: { id: op.id, leaseOwner: op.leaseOwner },
    data: { status, finishedAt: new Date(), leaseOwner: null, leaseUntil: null, batchEnd: null, error: error ?? null },
  });
  // The request that started it was audited; so is how it ended, under the same person.
  await recordAudit({
    actor: { id: op.userId, name: op.userName },
    action: `files.operation.${op.kind}.finish`,
    target: `file-operation:${op.id}`,
    outcome: status === "failed" ? "failure" : "success",
    details: { status, done: op.done, failed: op.failed, ...(error ? { error } : {}) },
  });
  return status;
}

function withDefaults(options: RunnerOptions) {
  return { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as OperationRun["options"];
}

/**
 * Claims and runs one operation (the oldest waiting, or `id`) to its end; null when there is none to run.
 * A lost lease ends the run quietly: another worker carries the operation on.
 */
export async function runNextOperation(options: RunnerOptions = {}, id?: string): Promise<RunOutcome | null> {
  const resolved = withDefaults(options);
  const owner = randomUUID();
  const op = await claim(owner, resolved.leaseMs, id);
  if (!op) return null;
  const run = new OperationRun(op, owner, resolved);
  run.startHeartbeat();
  const log = logger().child({ operation: op.id, kind: op.kind });
  log.info({ resumed: op.batchEnd !== null || op.done > 0 }, "file operation started");
  try {
    if (op.cancelRequested) throw new Cancelled();
    if (op.kind === "zip") {
      if (run.op.total === null) await countTotal(run);
      await buildZip(run);
    } else {
      // A resumed run whose count never finished counts on from its cursor; what came before is in done/failed.
      const cursor = run.op.cursor as Cursor;
      const tally = new Tally(cursor.item, cursor.after ?? null, run.op.done + run.op.failed, Number(run.op.bytes));
      const stop = { stopped: run.op.total !== null };
      const counting = stop.stopped
        ? Promise.resolve()
        : countAlongside(run, tally, stop).catch((error: unknown) => log.warn({ err: error }, "counting beside the batches failed; the total is written at the end"));
      try {
        await runBatches(run, tally);
      } finally {
        stop.stopped = true;
        await counting;
      }
      // The batches listed everything: the tally is complete whether or not the counter got there first.
      if (run.op.total === null) await run.recordTotal(tally.objects, tally.bytes);
    }
    return { id: op.id, status: await finish(run, "succeeded"), counts: run.counts };
  } catch (error) {
    if (error instanceof LeaseLost) {
      log.warn("lease lost; another worker carries the operation on");
      return { id: op.id, status: "lease-lost", counts: run.counts };
    }
    if (error instanceof Cancelled) return { id: op.id, status: await finish(run, "cancelled"), counts: run.counts };
    log.error({ err: error }, "file operation failed");
    return { id: op.id, status: await finish(run, "failed", messageOf(error, "The operation")), counts: run.counts };
  } finally {
    run.stopHeartbeat();
  }
}
