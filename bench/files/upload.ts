/**
 * Uploading 1 GiB from one Node process: Strata's presigned multipart flow (the server functions the route
 * handlers call — start, sign windows of parts, complete — and lib/files/part-uploader.ts, the same part
 * scheduler the browser runs, here over node:http) against @aws-sdk/lib-storage's Upload with the same part
 * size and parallelism. Target: throughput ratio ≥ 0.90. Objects land in `bench-files-upload` and are deleted.
 *
 *   npx tsx bench/files/upload.ts [--mib 1024] [--rounds 3] [--part-mib 16] [--concurrency 4]
 */
import { CreateBucketCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { randomBytes } from "node:crypto";
import { bucketExists } from "../../lib/files/buckets";
import type { Caller } from "../../lib/auth/caller";
import { nodeTransport } from "../../lib/files/node-transport";
import { MiB } from "../../lib/files/part-plan";
import { uploadParts } from "../../lib/files/part-uploader";
import { completeUpload, presignUploadParts, startUpload } from "../../lib/files/uploads";
import { s3 } from "../../lib/s3/client";
import { arg, median, timed, verdict } from "./common";

const SIZE = arg("mib", 1024) * MiB;
const ROUNDS = arg("rounds", 3);
const PART = arg("part-mib", 16) * MiB;
const CONCURRENCY = arg("concurrency", 4);
const bucket = "bench-files-upload";
const caller: Caller = { actor: { id: "bench", username: "bench", name: "Benchmark", roles: ["editor"], kind: "service" } };

const data = randomBytes(SIZE);
const view = (start: number, end: number) => new Uint8Array(data.buffer, data.byteOffset + start, end - start);

async function presignedMultipart(key: string): Promise<void> {
  const started = await startUpload(caller, { bucket, key, size: SIZE, contentType: "application/octet-stream" }, { multipartThreshold: 1, partSize: PART });
  if (started.mode !== "multipart") throw new Error("expected a multipart upload");
  const parts = await uploadParts({
    plan: { size: SIZE, partSize: started.partSize, partCount: started.partCount },
    readPart: view,
    presign: (numbers) => presignUploadParts(caller, started.id, numbers),
    transport: nodeTransport,
    concurrency: CONCURRENCY,
  });
  await completeUpload(caller, started.id, parts);
}

async function libStorage(key: string): Promise<void> {
  await new Upload({
    client: s3(),
    params: { Bucket: bucket, Key: key, Body: data, ContentType: "application/octet-stream" },
    partSize: PART,
    queueSize: CONCURRENCY,
  }).done();
}

if (!(await bucketExists(bucket))) await s3().send(new CreateBucketCommand({ Bucket: bucket }));
const flows = { presigned: presignedMultipart, "lib-storage": libStorage } as const;
const times: Record<keyof typeof flows, number[]> = { presigned: [], "lib-storage": [] };

console.log(`uploading ${SIZE / MiB} MiB in ${PART / MiB} MiB parts, ${CONCURRENCY} in parallel, ${ROUNDS} rounds (+1 warm-up)`);
for (let round = 0; round <= ROUNDS; round += 1) {
  const order = round % 2 === 0 ? (["presigned", "lib-storage"] as const) : (["lib-storage", "presigned"] as const);
  for (const name of order) {
    const key = `bench/${name}-${round}.bin`;
    const { ms } = await timed(() => flows[name](key));
    await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    if (round > 0) times[name].push(ms);
    console.log(`${round === 0 ? "warm-up" : `round ${round}`}: ${name} ${(ms / 1000).toFixed(2)} s (${((SIZE / MiB) / (ms / 1000)).toFixed(0)} MiB/s)`);
  }
}

const throughput = (name: keyof typeof flows) => SIZE / MiB / (median(times[name]) / 1000);
console.log(`\npresigned multipart (Strata): ${throughput("presigned").toFixed(1)} MiB/s`);
console.log(`lib-storage Upload:           ${throughput("lib-storage").toFixed(1)} MiB/s`);
console.log(verdict("presigned vs lib-storage throughput", throughput("presigned") / throughput("lib-storage"), 0.9, "at least"));
process.exit(0);
