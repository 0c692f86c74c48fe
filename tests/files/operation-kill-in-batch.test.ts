import { afterAll, beforeAll, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { runLimited } from "@/lib/files/run-limited";
import { runNextOperation } from "@/lib/files/operation-runner";
import { getOperation, startOperation } from "@/lib/files/operations";
import { s3 } from "@/lib/s3/client";
import { editor, leaseExpired, listKeys, putText, runOperationInChild, scratchBucket } from "./support";

/**
 * A folder move whose worker process is SIGKILLed *inside* a batch — right after the store answered its
 * 1,234th CopyObject, with batches of 500 and 16 copies in flight, so the third batch is half copied, none of
 * its sources deleted and its progress not committed — then resumed by another run. The resumed run's own
 * S3 requests are recorded: it must copy exactly the objects missing at the destination (none twice), delete
 * each remaining source once (none already gone), and leave the destination holding every object.
 */

const TOTAL = 3_000;
const BATCH = 500;
const KILL_AFTER = 1_234;
let bucket: Awaited<ReturnType<typeof scratchBucket>>;

beforeAll(async () => {
  bucket = await scratchBucket("killbatch");
});

afterAll(async () => {
  await bucket.drop();
});

const keys = (prefix: string) => listKeys(bucket.name, prefix);

test("a move killed in the middle of a batch resumes without doing anything twice or losing anything", { timeout: 600_000 }, async () => {
  const names = Array.from({ length: TOTAL }, (_, i) => `tree/d${i % 7}/object ${String(i).padStart(4, "0")} ü.txt`);
  await runLimited(names, 64, (key) => putText(bucket.name, key, `body of ${key}`));
  const destinationOf = (key: string) => `moved/${key}`;

  const op = await startOperation(editor, { kind: "move", sourceBucket: bucket.name, items: [{ source: "tree/", destination: "moved/tree/" }] });
  const child = runOperationInChild(op.id, { KILL_AFTER_COPIES: String(KILL_AFTER), BATCH_SIZE: String(BATCH), OPERATION_LEASE_MS: "3000" });
  expect(await child.exited).toBe("SIGKILL");

  // Killed inside the third batch: two batches committed, the third's range recorded as possibly half done.
  const killed = await db().fileOperation.findUniqueOrThrow({ where: { id: op.id } });
  expect(killed.status).toBe("running");
  expect(killed.done).toBe(2 * BATCH);
  expect(killed.batchEnd).not.toBeNull();
  await leaseExpired(op.id);
  // What the dead run left: copies up to (and, in flight, slightly past) the 1,234th; sources of 2 batches deleted.
  const atDestination = new Set(await keys("moved/"));
  const leftInSource = new Set(await keys("tree/"));
  expect(atDestination.size).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(atDestination.size).toBeLessThan(3 * BATCH);
  expect(leftInSource.size).toBe(TOTAL - 2 * BATCH);

  // Record every copy and delete the resumed run sends.
  const copiedTo: string[] = [];
  const deletedKeys: string[] = [];
  s3().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Delete?: { Objects?: { Key?: string }[] } };
      if (context.commandName === "CopyObjectCommand") copiedTo.push(input.Key!);
      if (context.commandName === "DeleteObjectsCommand") deletedKeys.push(...(input.Delete?.Objects ?? []).map((o) => o.Key!));
      return next(args);
    },
    { step: "initialize", name: "recordResumedRun" },
  );
  let resumed;
  try {
    resumed = await runNextOperation({ batchSize: BATCH }, op.id);
  } finally {
    s3().middlewareStack.remove("recordResumedRun");
  }
  expect(resumed?.status).toBe("succeeded");

  // Nothing copied twice: no copy went to a key the dead run had already written...
  expect(copiedTo.filter((k) => atDestination.has(k))).toEqual([]);
  expect(new Set(copiedTo).size).toBe(copiedTo.length);
  // ...and nothing lost: the dead run's copies and the resumed run's together are every object, once.
  expect(atDestination.size + copiedTo.length).toBe(TOTAL);
  expect(resumed!.counts.copied).toBe(copiedTo.length);
  expect(resumed!.counts.verified).toBe(leftInSource.size - copiedTo.length);
  // Each remaining source deleted once; none that the dead run had already deleted. (Folder markers aside.)
  const deletedObjects = deletedKeys.filter((k) => !k.endsWith("/"));
  expect(new Set(deletedObjects)).toEqual(leftInSource);
  expect(deletedObjects).toHaveLength(leftInSource.size);

  expect(await keys("tree/")).toEqual([]);
  expect(new Set(await keys("moved/"))).toEqual(new Set(names.map(destinationOf)));
  expect(await getOperation(editor, op.id)).toMatchObject({ status: "succeeded", total: TOTAL, done: TOTAL, failed: 0 });
});
