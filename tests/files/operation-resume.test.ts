import { afterAll, beforeAll, expect, test } from "vitest";
import { runLimited } from "@/lib/files/run-limited";
import { runNextOperation } from "@/lib/files/operation-runner";
import { getOperation, startOperation } from "@/lib/files/operations";
import { committed, editor, leaseExpired, listKeys, putText, runOperationInChild, scratchBucket } from "./support";

/**
 * The acceptance test: a 25,000-object folder moved by a job whose worker is killed (SIGKILL)
 * part-way, then resumed by another run, which must finish the move without copying or deleting anything
 * twice: it copies exactly what was not yet at the destination when the first run died.
 */

const TOTAL = 25_000;
const KILL_AFTER = 6_000;
let bucket: Awaited<ReturnType<typeof scratchBucket>>;

beforeAll(async () => {
  bucket = await scratchBucket("resume");
});

afterAll(async () => {
  await bucket.drop();
});

const keys = (prefix: string) => listKeys(bucket.name, prefix);

test(`a ${TOTAL.toLocaleString("en")}-object folder moved by a job, killed with SIGKILL and resumed, moves every object exactly once`, { timeout: 900_000 }, async () => {
  const names = Array.from({ length: TOTAL }, (_, i) => `big/part-${String(i % 40).padStart(2, "0")}/object ${i}.txt`);
  await runLimited(names, 64, (key) => putText(bucket.name, key, key));

  const op = await startOperation(editor, { kind: "move", sourceBucket: bucket.name, items: [{ source: "big/", destination: "moved/big/" }] });
  const child = runOperationInChild(op.id, { OPERATION_LEASE_MS: "10000" });
  // Kill once the job has committed some batches (a condition on the recorded progress, not a timer).
  await committed(op.id, KILL_AFTER);
  child.kill();
  await child.exited;

  const killed = await getOperation(editor, op.id);
  expect(killed.status).toBe("running");
  expect(killed.done).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(killed.done).toBeLessThan(TOTAL);
  // Another run may take the operation over only once the dead worker's lease has run out.
  expect(await runNextOperation({}, op.id)).toBeNull();
  await leaseExpired(op.id);
  const atDestination = (await keys("moved/big/")).length;
  const leftInSource = (await keys("big/")).length;

  const resumed = await runNextOperation({ batchSize: 500 }, op.id);
  expect(resumed?.status).toBe("succeeded");
  // Nothing copied twice: the resumed run copied exactly the objects that were not at the destination...
  expect(resumed!.counts.copied).toBe(TOTAL - atDestination);
  // ...found the interrupted batch's copies in place instead, and deleted each remaining source once.
  expect(resumed!.counts.copied + resumed!.counts.verified).toBe(leftInSource);
  expect(resumed!.counts.deleted).toBe(leftInSource);
  expect(resumed!.counts.failed).toBe(0);

  const done = await getOperation(editor, op.id);
  expect(done).toMatchObject({ status: "succeeded", total: TOTAL, done: TOTAL, failed: 0 });
  expect(await keys("big/")).toEqual([]);
  const moved = await keys("moved/big/");
  expect(moved).toHaveLength(TOTAL);
  expect(new Set(moved)).toEqual(new Set(names.map((k) => `moved/${k}`)));
});
