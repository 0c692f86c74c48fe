/**
 * Listing a 100k-object prefix page by page: Strata's listing function (lib/files/list-objects.ts, what the
 * browser's infinite list pages through) against raw ListObjectsV2 with the same client, prefix, delimiter and
 * page size. Also the time to the first page of that prefix against a 10-object one ("opens as fast").
 * Target: total time ratio ≤ 1.10. The objects are seeded once into bucket `bench-files-listing` and kept.
 *
 *   npx tsx bench/files/listing.ts [--objects 100000] [--rounds 5] [--page 1000]
 */
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { bucketExists } from "../../lib/files/buckets";
import { listObjectsPage } from "../../lib/files/list-objects";
import { runLimited } from "../../lib/files/run-limited";
import { s3 } from "../../lib/s3/client";
import { arg, median, timed, verdict } from "./common";

const OBJECTS = arg("objects", 100_000);
const ROUNDS = arg("rounds", 5);
const PAGE = arg("page", 1000);
const bucket = "bench-files-listing";
const big = `big-${OBJECTS}/`;
const small = "small-10/";

async function countUnder(prefix: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    count += page.KeyCount ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

/** Seeds `count` small objects under `prefix` unless they are already there (keys are deterministic). */
async function seed(prefix: string, count: number): Promise<void> {
  if ((await countUnder(prefix)) >= count) return;
  const started = performance.now();
  const keys = Array.from({ length: count }, (_, i) => `${prefix}shard-${String(i).padStart(7, "0")}.json`);
  let done = 0;
  await runLimited(keys, 32, async (Key) => {
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key, Body: "{}", ContentType: "application/json" }));
    done += 1;
    if (done % 10_000 === 0) console.log(`  seeded ${done.toLocaleString("en")} / ${count.toLocaleString("en")}`);
  });
  console.log(`seeded ${count.toLocaleString("en")} objects under ${prefix} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function rawPages(prefix: string, maxPages = Infinity): Promise<number> {
  let objects = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const out = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: "/", MaxKeys: PAGE, ContinuationToken: token }));
    objects += (out.Contents?.length ?? 0) + (out.CommonPrefixes?.length ?? 0);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
    pages += 1;
  } while (token && pages < maxPages);
  return objects;
}

async function strataPages(prefix: string, maxPages = Infinity): Promise<number> {
  let objects = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await listObjectsPage({ bucket, prefix, continuationToken: token, maxKeys: PAGE });
    objects += page.objects.length + page.folders.length;
    token = page.nextToken ?? undefined;
    pages += 1;
  } while (token && pages < maxPages);
  return objects;
}

if (!(await bucketExists(bucket))) await s3().send(new CreateBucketCommand({ Bucket: bucket }));
await seed(big, OBJECTS);
await seed(small, 10);

// Warm both paths (connections, the store's caches) before measuring.
await rawPages(big);
await strataPages(big);

const raw: number[] = [];
const strata: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  // Alternate which goes first so neither always benefits from the other's warm caches.
  const order = round % 2 === 0 ? ([["raw", rawPages], ["strata", strataPages]] as const) : ([["strata", strataPages], ["raw", rawPages]] as const);
  for (const [name, list] of order) {
    const { ms, result } = await timed(() => list(big));
    if (result !== OBJECTS) throw new Error(`${name} listed ${result} entries, expected ${OBJECTS}`);
    (name === "raw" ? raw : strata).push(ms);
  }
  console.log(`round ${round + 1}: raw ${raw.at(-1)!.toFixed(0)} ms, strata ${strata.at(-1)!.toFixed(0)} ms`);
}

const firstBig: number[] = [];
const firstSmall: number[] = [];
const firstBigRaw: number[] = [];
for (let i = 0; i < 20; i += 1) {
  firstBig.push((await timed(() => strataPages(big, 1))).ms);
  firstBigRaw.push((await timed(() => rawPages(big, 1))).ms);
  firstSmall.push((await timed(() => strataPages(small, 1))).ms);
}

const pages = Math.ceil(OBJECTS / PAGE);
console.log(`\nlisting ${OBJECTS.toLocaleString("en")} objects under one prefix, ${pages} pages of ${PAGE}, median of ${ROUNDS} rounds`);
console.log(`  raw ListObjectsV2:       ${median(raw).toFixed(0)} ms  (${(median(raw) / pages).toFixed(1)} ms/page, ${((OBJECTS / median(raw)) * 1000).toFixed(0)} entries/s)`);
console.log(`  strata listObjectsPage:  ${median(strata).toFixed(0)} ms  (${(median(strata) / pages).toFixed(1)} ms/page)`);
console.log(
  `  first page: ${median(firstBig).toFixed(1)} ms for the ${OBJECTS.toLocaleString("en")}-object prefix (raw: ${median(firstBigRaw).toFixed(1)} ms), ${median(firstSmall).toFixed(1)} ms for a 10-object prefix`,
);
console.log(verdict("strata vs raw listing time", median(strata) / median(raw), 1.1, "at most"));
process.exit(0);
