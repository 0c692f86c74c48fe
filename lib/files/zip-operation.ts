import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketLifecycleConfigurationCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import { ZipFile } from "yazl";
import { env } from "@/lib/config/env";
import { s3 } from "@/lib/s3/client";
import { bucketExists, createBucketInStore } from "./buckets";
import { lifecyclePreset } from "./lifecycle-presets";
import { toS3Rule } from "./lifecycle";
import { baseName, parentPrefix } from "./names";
import type { OperationItem } from "./operation-schemas";
import type { OperationRun } from "./operation-runner";
import { MiB } from "./part-plan";

/**
 * A zip of a folder or a selection, built by the operations job and written to the temporary bucket
 * (`FILES_TEMP_BUCKET`, `zips/<operation>/<name>.zip`, expired after a day by its lifecycle rule), then
 * handed out as a presigned GET. The bytes stream store → job → store: each object is read only when the
 * archive reaches it (yazl's lazy streams), and the archive goes up in 8 MiB parts, two at a time, so memory
 * stays bounded whatever the size. Entries are stored, not deflated: most of what the platform keeps
 * (models, images, parquet) is compressed already, and deflate would make the job CPU-bound.
 * A killed zip starts over; its unfinished multipart upload is aborted by the bucket's lifecycle rule.
 */

const PART_BYTES = 8 * MiB;
const PROGRESS_EVERY = 200;

/** Creates the temporary bucket with its preset rules (zips expire after a day) the first time it is needed. */
async function ensureTempBucket(bucket: string): Promise<void> {
  if (await bucketExists(bucket)) return;
  await createBucketInStore(bucket);
  await s3().send(
    new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: lifecyclePreset(bucket).rules.map(toS3Rule) } }),
  );
}

/** The archive's file name: as asked, else the one folder's name, else "selection". */
export function zipFileName(name: string | null, items: OperationItem[]): string {
  const base = name ?? (items.length === 1 ? baseName(items[0]!.source) : "selection");
  return base.toLowerCase().endsWith(".zip") ? base : `${base}.zip`;
}

/** Why a key cannot be a zip entry name (zip readers refuse or mis-extract these), or null. */
export function zipEntryProblem(name: string): string | null {
  if (name.startsWith("/") || name.includes("\\")) return "not a relative path; left out of the zip";
  if (name.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) return "has an empty, . or .. folder name; left out of the zip";
  return null;
}

async function* objectsOf(bucket: string, item: OperationItem): AsyncGenerator<{ key: string; size: number; modified: Date }> {
  if (!item.source.endsWith("/")) {
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: item.source }));
    yield { key: item.source, size: head.ContentLength ?? 0, modified: head.LastModified ?? new Date() };
    return;
  }
  let token: string | undefined;
  do {
    const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: item.source, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, size: o.Size ?? 0, modified: o.LastModified ?? new Date() };
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

export async function buildZip(run: OperationRun): Promise<void> {
  const op = run.op;
  const items = op.items as OperationItem[];
  const bucket = env().FILES_TEMP_BUCKET;
  await ensureTempBucket(bucket);
  const key = `zips/${op.id}/${zipFileName(op.name, items)}`;

  const zip = new ZipFile();
  const upload = new Upload({
    client: s3(),
    params: { Bucket: bucket, Key: key, Body: zip.outputStream as Readable, ContentType: "application/zip" },
    partSize: PART_BYTES,
    queueSize: 2,
  });
  let failure: unknown;
  const stop = (error: unknown) => {
    failure ??= error;
    void upload.abort();
  };
  zip.on("error", stop);

  let zipped = 0;
  let bytes = 0;
  const skipped: { key: string; message: string }[] = [];
  // Progress is written every few hundred entries; the commit also renews the lease and notices a cancel.
  const reached = async (size: number) => {
    zipped += 1;
    bytes += size;
    if (zipped % PROGRESS_EVERY === 0) await run.commit({ done: zipped, bytes: BigInt(bytes) });
  };

  const uploaded = upload.done();
  try {
    for (const item of items) {
      const root = parentPrefix(item.source);
      for await (const object of objectsOf(op.sourceBucket, item)) {
        if (failure) break;
        const name = object.key.slice(root.length);
        if (object.key.endsWith("/")) {
          if (name !== "") zip.addEmptyDirectory(name, { mtime: object.modified });
          continue;
        }
        // A zip cannot hold every key S3 can (an absolute path or a ".." segment written by another tool): skipped and listed.
        const problem = zipEntryProblem(name);
        if (problem) {
          skipped.push({ key: object.key, message: problem });
          continue;
        }
        zip.addReadStreamLazy(name, { size: object.size, mtime: object.modified, compress: false }, (callback) => {
          reached(object.size)
            .then(() => s3().send(new GetObjectCommand({ Bucket: op.sourceBucket, Key: object.key })))
            .then(
              (out) => callback(null, out.Body as Readable),
              (error: unknown) => {
                stop(error);
                callback(error instanceof Error ? error : new Error(String(error)), null as never);
              },
            );
        });
      }
    }
  } catch (error) {
    stop(error);
  }
  zip.end();
  try {
    await uploaded;
  } catch (error) {
    throw failure ?? error;
  }
  if (failure) throw failure;
  run.counts.zipped = zipped;
  run.counts.failed += skipped.length;
  await run.commit({ done: zipped, bytes: BigInt(bytes), failed: skipped.length, failures: run.failuresWith(skipped), resultBucket: bucket, resultKey: key });
}
