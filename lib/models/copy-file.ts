import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { copySource } from "@/lib/files/copy-object";
import { partRange, planParts, type PartPlan } from "@/lib/files/part-plan";
import type { TierStore } from "@/lib/s3/tiers";
import { headTierObject, normaliseEtag } from "./tier-objects";

/**
 * Copying one model file from the cold tier to the hot one. Inside one store the bytes never leave it
 * (CopyObject, or UploadPartCopy ranges for big files); between two stores they stream through Strata a part
 * at a time (GetObject range → UploadPart), never held in memory whole. Every copy reads exactly the
 * registered version of the cold object (If-Match on its ETag) and is verified on the hot tier before it counts.
 */

export type ColdFile = { key: string; size: number; etag: string };

export type Route = { cold: TierStore; hot: TierStore; coldBucket: string; hotBucket: string; serverSide: boolean };

const isMd5 = (etag: string) => /^[0-9a-f]{32}$/i.test(etag);
const quoted = (etag: string) => `"${etag}"`;

/** The ETag S3 gives an object completed from these parts: MD5 of the parts' MD5s, then "-<count>". */
export function multipartEtag(partEtags: string[]): string | null {
  if (!partEtags.every(isMd5)) return null;
  const digest = createHash("md5").update(Buffer.concat(partEtags.map((e) => Buffer.from(e, "hex")))).digest("hex");
  return `${digest}-${partEtags.length}`;
}

export class VerificationFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerificationFailed";
  }
}

/** The hot copy must be there, as long as the cold one, with the ETag its copy should have produced. */
export async function verifyHotCopy(route: Route, file: ColdFile, expectedEtag: string | null): Promise<void> {
  const hot = await headTierObject(route.hot, route.hotBucket, file.key);
  if (!hot) throw new VerificationFailed(`${file.key}: the hot copy is missing after the copy.`);
  if (hot.size !== file.size) throw new VerificationFailed(`${file.key}: the hot copy has ${hot.size} bytes, the cold one ${file.size}.`);
  if (expectedEtag && hot.etag !== expectedEtag) throw new VerificationFailed(`${file.key}: the hot copy's ETag ${hot.etag} is not the expected ${expectedEtag}.`);
}

/** Passes a body through an MD5 and a byte count on its way to the hot store, without buffering it. */
function hashing(body: Readable): { stream: Transform; result: () => { md5: string; bytes: number } } {
  const md5 = createHash("md5");
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      md5.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  body.on("error", (error) => stream.destroy(error));
  body.pipe(stream);
  return { stream, result: () => ({ md5: md5.digest("hex"), bytes }) };
}

async function readCold(route: Route, file: ColdFile, range?: { start: number; end: number }): Promise<Readable> {
  const out = await route.cold.client.send(
    new GetObjectCommand({
      Bucket: route.coldBucket,
      Key: file.key,
      IfMatch: quoted(file.etag),
      ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}),
    }),
  );
  if (!(out.Body instanceof Readable)) throw new Error(`${file.key}: the cold store answered without a body stream`);
  return out.Body;
}

function checkStreamed(file: ColdFile, what: string, expectedBytes: number, got: { md5: string; bytes: number }, etag: string) {
  if (got.bytes !== expectedBytes) throw new VerificationFailed(`${file.key} ${what}: ${got.bytes} bytes read, ${expectedBytes} expected.`);
  if (isMd5(etag) && etag !== got.md5) throw new VerificationFailed(`${file.key} ${what}: the hot store stored MD5 ${etag}, Strata sent ${got.md5}.`);
}

/** Copies a file in one request (CopyObject, or one streamed PUT between stores) and verifies it. */
export async function copyWholeFile(route: Route, file: ColdFile): Promise<void> {
  if (route.serverSide) {
    const out = await route.hot.client.send(
      new CopyObjectCommand({
        Bucket: route.hotBucket,
        Key: file.key,
        CopySource: copySource({ bucket: route.coldBucket, key: file.key }),
        CopySourceIfMatch: quoted(file.etag),
        MetadataDirective: "COPY",
      }),
    );
    // A single-part source keeps its MD5 ETag through a copy; a multipart one gets whatever the store computes.
    await verifyHotCopy(route, file, isMd5(file.etag) ? file.etag : normaliseEtag(out.CopyObjectResult?.ETag));
    return;
  }
  const { stream, result } = hashing(await readCold(route, file));
  const out = await route.hot.client.send(new PutObjectCommand({ Bucket: route.hotBucket, Key: file.key, Body: stream, ContentLength: file.size }));
  const etag = normaliseEtag(out.ETag);
  checkStreamed(file, "", file.size, result(), etag);
  await verifyHotCopy(route, file, etag);
}

export async function createUpload(route: Route, file: ColdFile): Promise<string> {
  const out = await route.hot.client.send(new CreateMultipartUploadCommand({ Bucket: route.hotBucket, Key: file.key }));
  if (!out.UploadId) throw new Error(`${file.key}: CreateMultipartUpload answered without an UploadId`);
  return out.UploadId;
}

export function partPlanFor(file: ColdFile, partSize: number): PartPlan {
  return planParts(file.size, partSize);
}

/** Copies one part of a multipart copy; returns its ETag. */
export async function copyPart(route: Route, file: ColdFile, uploadId: string, plan: PartPlan, partNumber: number): Promise<string> {
  const range = partRange(plan, partNumber);
  if (route.serverSide) {
    const out = await route.hot.client.send(
      new UploadPartCopyCommand({
        Bucket: route.hotBucket,
        Key: file.key,
        UploadId: uploadId,
        PartNumber: partNumber,
        CopySource: copySource({ bucket: route.coldBucket, key: file.key }),
        CopySourceRange: `bytes=${range.start}-${range.end - 1}`,
        CopySourceIfMatch: quoted(file.etag),
      }),
    );
    const etag = normaliseEtag(out.CopyPartResult?.ETag);
    if (!etag) throw new Error(`${file.key} part ${partNumber}: UploadPartCopy answered without an ETag`);
    return etag;
  }
  const { stream, result } = hashing(await readCold(route, file, range));
  const out = await route.hot.client.send(
    new UploadPartCommand({ Bucket: route.hotBucket, Key: file.key, UploadId: uploadId, PartNumber: partNumber, Body: stream, ContentLength: range.end - range.start }),
  );
  const etag = normaliseEtag(out.ETag);
  checkStreamed(file, `part ${partNumber}`, range.end - range.start, result(), etag);
  return etag;
}

/** Completes a multipart copy from its parts (in order) and verifies the object it made. */
export async function completeUpload(route: Route, file: ColdFile, uploadId: string, parts: Map<number, string>): Promise<void> {
  const ordered = [...parts.entries()].sort(([a], [b]) => a - b);
  const out = await route.hot.client.send(
    new CompleteMultipartUploadCommand({
      Bucket: route.hotBucket,
      Key: file.key,
      UploadId: uploadId,
      MultipartUpload: { Parts: ordered.map(([PartNumber, etag]) => ({ PartNumber, ETag: quoted(etag) })) },
    }),
  );
  await verifyHotCopy(route, file, multipartEtag(ordered.map(([, e]) => e)) ?? normaliseEtag(out.ETag));
}

/** After a crash between completing an upload and recording it: is the hot object already the completed copy? */
export async function alreadyCompleted(route: Route, file: ColdFile, parts: Map<number, string>, partCount: number): Promise<boolean> {
  if (parts.size !== partCount) return false;
  const expected = multipartEtag([...parts.entries()].sort(([a], [b]) => a - b).map(([, e]) => e));
  const hot = await headTierObject(route.hot, route.hotBucket, file.key);
  return hot !== null && hot.size === file.size && expected !== null && hot.etag === expected;
}
