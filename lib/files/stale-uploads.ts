import { AbortMultipartUploadCommand, ListBucketsCommand, ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { defineJob } from "@/lib/jobs/definition";
import { s3 } from "@/lib/s3/client";
import { isS3NotFound } from "./s3-errors";

export type StaleUploadCounts = { buckets: number; aborted: number; recordsExpired: number };

/**
 * Aborts multipart uploads started before `cutoff` in every bucket — Strata's own and any other client's,
 * since their parts take space all the same — and marks the matching upload records expired. Each abort
 * stands alone, so a killed run loses nothing and a rerun picks up what is left.
 */
export async function abortStaleUploads(cutoff: Date, buckets?: string[]): Promise<StaleUploadCounts> {
  const names = buckets ?? ((await s3().send(new ListBucketsCommand({}))).Buckets ?? []).flatMap((b) => (b.Name ? [b.Name] : []));
  let aborted = 0;
  let recordsExpired = 0;
  for (const bucket of names) {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await s3().send(new ListMultipartUploadsCommand({ Bucket: bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated >= cutoff) continue;
        try {
          await s3().send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }));
          aborted += 1;
        } catch (error) {
          if (!isS3NotFound(error)) throw error;
        }
        const marked = await db().fileUpload.updateMany({
          where: { s3UploadId: upload.UploadId, status: "uploading" },
          data: { status: "expired", finishedAt: new Date(), error: "aborted by the stale-upload job" },
        });
        recordsExpired += marked.count;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }
  // Records whose upload never finished and is past the age (single PUTs abandoned, uploads already gone).
  const leftovers = await db().fileUpload.updateMany({
    where: { status: "uploading", startedAt: { lt: cutoff }, ...(buckets ? { bucket: { in: buckets } } : {}) },
    data: { status: "expired", finishedAt: new Date(), error: "never completed" },
  });
  return { buckets: names.length, aborted, recordsExpired: recordsExpired + leftovers.count };
}

export const staleUploadsJob = defineJob({
  name: "files-abort-stale-uploads",
  title: "Abort stale multipart uploads",
  description: "Aborts multipart uploads older than FILES_INCOMPLETE_UPLOAD_MAX_AGE_HOURS, so abandoned parts stop using space.",
  schedule: () => env().FILES_ABORT_STALE_UPLOADS_CRON,
  async run() {
    return abortStaleUploads(new Date(Date.now() - env().FILES_INCOMPLETE_UPLOAD_MAX_AGE_HOURS * 3_600_000));
  },
});
