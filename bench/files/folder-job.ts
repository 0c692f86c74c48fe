/**
 * Objects per second of a folder copy run as a job (the runner the `files-operations` job uses: batches of
 * 1,000, a committed cursor per batch, a lease) against a raw CopyObject loop with the same parallelism,
 * over the same N small objects. Target: ratio ≥ 0.90. Runs in its own bucket, `bench-files-jobs`, emptied after.
 * Runs the job in this process: no worker may be running on the same database (it would take the operation).
 *
 *   npx tsx bench/files/folder-job.ts [--objects 5000] [--concurrency 16] [--rounds 3]
 */
import { CopyObjectCommand, CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { bucketExists } from "../../lib/files/buckets";
import type { Caller } from "../../lib/auth/caller";
import { copySource } from "../../lib/files/copy-object";
import { deleteKeys } from "../../lib/files/delete-objects";
import { runNextOperation } from "../../lib/files/operation-runner";
import { startOperation } from "../../lib/files/operations";
import { runLimited } from "../../lib/files/run-limited";
import { walkObjects } from "../../lib/files/walk-objects";
import { db } from "../../lib/db/client";
import { s3 } from "../../lib/s3/client";
import { arg, median, timed, uptime, verdict } from "./common";

const OBJECTS = arg("objects", 5000);
const CONCURRENCY = arg("concurrency", 16);
const ROUNDS = arg("rounds", 3);
const bucket = "bench-files-jobs";
const caller: Caller = { actor: { id: "bench", username: "bench", name: "Benchmark", roles: ["editor"], kind: "service" } };

async function empty(prefix: string): Promise<void> {
  for await (const page of walkObjects(bucket, prefix)) await deleteKeys(bucket, page.map((o) => o.key));
}

async function job(round: number): Promise<void> {
  const op = await startOperation(caller, { kind: "copy", sourceBucket: bucket, items: [{ source: "source/", destination: `job-${round}/` }] });
  const outcome = await runNextOperation({ concurrency: CONCURRENCY }, op.id);
  if (outcome === null) throw new Error("a worker on this database took the operation first: stop the worker (npm run worker) while this bench runs");
  if (outcome?.status !== "succeeded" || outcome.counts.copied !== OBJECTS) throw new Error(`job round ${round}: ${JSON.stringify(outcome)}`);
  await db().fileOperation.delete({ where: { id: op.id } });
}

async function raw(round: number): Promise<void> {
  // What a script would do: list every key, then CopyObject each with the same parallelism.
  const keys: string[] = [];
  for await (const page of walkObjects(bucket, "source/")) keys.push(...page.map((o) => o.key));
  await runLimited(keys, CONCURRENCY, (key) =>
    s3().send(new CopyObjectCommand({ Bucket: bucket, Key: `raw-${round}/${key.slice("source/".length)}`, CopySource: copySource({ bucket, key }) })),
  );
}

if (!(await bucketExists(bucket))) await s3().send(new CreateBucketCommand({ Bucket: bucket }));
await empty("");
console.log(`seeding ${OBJECTS} objects…`);
await runLimited(
  Array.from({ length: OBJECTS }, (_, i) => `source/d${i % 20}/object-${i}.json`),
  64,
  (key) => s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `{"key":"${key}"}`, ContentType: "application/json" })),
);

const flows = { job, raw } as const;
const times: Record<keyof typeof flows, number[]> = { job: [], raw: [] };
for (let round = 0; round <= ROUNDS; round += 1) {
  const order = round % 2 === 0 ? (["job", "raw"] as const) : (["raw", "job"] as const);
  for (const name of order) {
    const { ms } = await timed(() => flows[name](round));
    await empty(`${name}-${round}/`);
    if (round > 0) times[name].push(ms);
    console.log(`${round === 0 ? "warm-up" : `round ${round}`}: ${name} ${(ms / 1000).toFixed(2)} s (${(OBJECTS / (ms / 1000)).toFixed(0)} objects/s)  [${uptime()}]`);
  }
}
await empty("");

const rate = (name: keyof typeof flows) => OBJECTS / (median(times[name]) / 1000);
console.log(`\nfolder copy job (Strata): ${rate("job").toFixed(0)} objects/s`);
console.log(`raw CopyObject loop:      ${rate("raw").toFixed(0)} objects/s`);
console.log(verdict("job vs raw CopyObject objects/s", rate("job") / rate("raw"), 0.9, "at least"));
console.log(uptime());
process.exit(0);
