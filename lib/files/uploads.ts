import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
} from "@aws-sdk/client-s3";
import { z } from "zod";
import { hasRole } from "@/lib/auth/roles";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import type { FileUpload } from "@/lib/generated/prisma/client";
import { badRequest, conflict, HttpError, notFound, type ErrorCode } from "@/lib/http/errors";
import { s3 } from "@/lib/s3/client";
import { bucketExists } from "./buckets";
import { objectKeyProblem, s3Uri } from "./names";
import { partRange, planParts, type PartPlan } from "./part-plan";
import type { CompletedPart } from "./part-uploader";
import { presignPart, presignPut } from "./presign";
import { explainS3Error, isS3NotFound } from "./s3-errors";
import { normalizeContentType, uploadPolicyProblem } from "./upload-policy";
import type { Caller } from "@/lib/auth/caller";
import { authorize, mutate } from "@/lib/auth/mutate";

export const startUploadSchema = z.object({
  bucket: z.string().min(1, "Choose a bucket."),
  key: z.string(),
  size: z.number().int("The size is a whole number of bytes.").nonnegative("The size cannot be negative."),
  contentType: z.string().max(255).optional(),
});
export type StartUploadInput = z.infer<typeof startUploadSchema>;

export type StartedUpload =
  | { id: string; mode: "single"; key: string; size: number; url: string; headers: Record<string, string> }
  | { id: string; mode: "multipart"; key: string; size: number; partSize: number; partCount: number; concurrency: number; urls: Record<number, string> };

/** Parts signed with the plan itself, so the first window costs no round trip to the app. */
export const PARTS_SIGNED_WITH_PLAN = 32;

/** What the browser needs to show and resume an upload. Never carries URLs or S3's upload id. */
export type UploadView = {
  id: string;
  user: string;
  bucket: string;
  key: string;
  size: number;
  contentType: string;
  mode: "single" | "multipart";
  partSize: number | null;
  partCount: number | null;
  status: string;
  etag: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
};

export function toUploadView(u: FileUpload): UploadView {
  return {
    id: u.id,
    user: u.userName,
    bucket: u.bucket,
    key: u.key,
    size: Number(u.size),
    contentType: u.contentType,
    mode: u.mode === "multipart" ? "multipart" : "single",
    partSize: u.partSize === null ? null : Number(u.partSize),
    partCount: u.partCount,
    status: u.status,
    etag: u.etag,
    error: u.error,
    startedAt: u.startedAt.toISOString(),
    finishedAt: u.finishedAt?.toISOString() ?? null,
  };
}

/** The code each upload-policy refusal answers with (its status follows from the code). */
const policyRefusalCodes = { 400: "upload_refused", 413: "payload_too_large", 415: "unsupported_type" } as const satisfies Record<number, ErrorCode>;

/**
 * Checks everything before a URL is signed (role, key, size limit, allowed types), records the upload,
 * then hands out either one PUT URL or a multipart plan whose parts are signed on request.
 * `multipartThreshold` and `partSize` default to the configuration; tests and benchmarks pass their own.
 */
export async function startUpload(
  caller: Caller,
  input: StartUploadInput,
  options: { multipartThreshold?: number; partSize?: number } = {},
): Promise<StartedUpload> {
  const { bucket, key, size } = startUploadSchema.parse(input);
  await authorize(caller, { role: "editor", action: "files.upload.start", target: s3Uri(bucket, key) });
  const contentType = normalizeContentType(input.contentType);
  const keyProblem = objectKeyProblem(key);
  if (keyProblem || key.endsWith("/")) throw badRequest(keyProblem ?? "A file's name cannot end with /.");
  const config = env();
  const refusal = uploadPolicyProblem(
    { key, size, contentType },
    { maxBytes: config.FILES_MAX_UPLOAD_BYTES, allowedContentTypes: config.FILES_ALLOWED_CONTENT_TYPES, allowedExtensions: config.FILES_ALLOWED_EXTENSIONS },
  );
  if (refusal) throw new HttpError(policyRefusalCodes[refusal.status], refusal.message);
  if (!(await bucketExists(bucket))) throw notFound(`Bucket ${bucket} does not exist.`);

  const owner = { userId: caller.actor.id, userName: caller.actor.name || caller.actor.username };
  const threshold = options.multipartThreshold ?? config.FILES_MULTIPART_THRESHOLD_BYTES;
  if (size < threshold) {
    const record = await db().fileUpload.create({
      data: { ...owner, bucket, key, size, contentType, mode: "single", status: "uploading" },
    });
    const { url } = await presignPut(bucket, key, contentType, size);
    return { id: record.id, mode: "single", key, size, url, headers: { "content-type": contentType } };
  }

  const plan = planParts(size, options.partSize ?? config.FILES_MULTIPART_PART_BYTES);
  let uploadId: string | undefined;
  try {
    uploadId = (await s3().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }))).UploadId;
  } catch (error) {
    throw explainS3Error(error, `Starting the upload of ${key}`);
  }
  if (!uploadId) throw new Error("CreateMultipartUpload answered without an UploadId");
  // Should this write fail, the S3 upload it describes is left to the stale-upload job, which aborts it.
  const record = await db().fileUpload.create({
    data: { ...owner, bucket, key, size, contentType, mode: "multipart", s3UploadId: uploadId, partSize: plan.partSize, partCount: plan.partCount, status: "uploading" },
  });
  const urls: Record<number, string> = {};
  for (let n = 1; n <= Math.min(plan.partCount, PARTS_SIGNED_WITH_PLAN); n += 1) {
    const { start, end } = partRange(plan, n);
    urls[n] = await presignPart(bucket, key, uploadId, n, end - start);
  }
  return { id: record.id, mode: "multipart", key, size, partSize: plan.partSize, partCount: plan.partCount, concurrency: config.FILES_UPLOAD_CONCURRENCY, urls };
}

const uploadId = z.uuid();

/** The caller's own upload (admins: anyone's); anything else is "not found", so ids of others' uploads reveal nothing. */
async function ownedUpload(caller: Caller, id: string): Promise<FileUpload> {
  const record = uploadId.safeParse(id).success ? await db().fileUpload.findUnique({ where: { id } }) : null;
  if (!record || (record.userId !== caller.actor.id && !hasRole(caller.actor, "admin"))) throw notFound("There is no such upload.");
  return record;
}

function planOf(record: FileUpload): PartPlan & { uploadId: string } {
  if (record.mode !== "multipart" || !record.s3UploadId || record.partSize === null || record.partCount === null) {
    throw badRequest("This upload is a single PUT; it has no parts.");
  }
  return { size: Number(record.size), partSize: Number(record.partSize), partCount: record.partCount, uploadId: record.s3UploadId };
}

function requireInProgress(record: FileUpload): void {
  if (record.status !== "uploading") throw conflict(`This upload is ${record.status}; start a new one.`);
}

export const MAX_PARTS_PER_SIGNING = 100;

/** Signs a window of parts, each bound to its exact length. */
export async function presignUploadParts(caller: Caller, id: string, partNumbers: number[]): Promise<Record<number, string>> {
  const record = await ownedUpload(caller, id);
  await authorize(caller, { role: "editor", action: "files.upload.parts", target: s3Uri(record.bucket, record.key) });
  requireInProgress(record);
  const plan = planOf(record);
  if (partNumbers.length === 0 || partNumbers.length > MAX_PARTS_PER_SIGNING) {
    throw badRequest(`Ask for 1 to ${MAX_PARTS_PER_SIGNING} parts at a time.`);
  }
  const urls: Record<number, string> = {};
  for (const n of partNumbers) {
    if (!Number.isInteger(n) || n < 1 || n > plan.partCount) throw badRequest(`Part ${n} is outside 1..${plan.partCount}.`);
    const { start, end } = partRange(plan, n);
    urls[n] = await presignPart(record.bucket, record.key, plan.uploadId, n, end - start);
  }
  return urls;
}

/** Parts the store already holds: what a resumed upload skips. */
export async function listUploadedParts(caller: Caller, id: string): Promise<CompletedPart[]> {
  const record = await ownedUpload(caller, id);
  requireInProgress(record);
  const plan = planOf(record);
  const parts: CompletedPart[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await s3().send(
        new ListPartsCommand({ Bucket: record.bucket, Key: record.key, UploadId: plan.uploadId, PartNumberMarker: marker }),
      );
      for (const p of page.Parts ?? []) {
        if (p.PartNumber === undefined || !p.ETag) continue;
        // A part whose size differs from the plan (the file changed) is sent again rather than trusted.
        const { start, end } = partRange(plan, p.PartNumber);
        if (p.Size === end - start) parts.push({ partNumber: p.PartNumber, etag: p.ETag });
      }
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (error) {
    if (isS3NotFound(error)) {
      await finish(record.id, { status: "expired", error: "The store no longer has this multipart upload." });
      throw conflict("The store no longer has this upload (it was aborted or expired); start it again.");
    }
    throw explainS3Error(error, `Listing the parts of ${record.key}`);
  }
  return parts.sort((a, b) => a.partNumber - b.partNumber);
}

/** Moves an upload out of "uploading" exactly once; false when another request got there first. */
async function finish(id: string, data: { status: string; etag?: string | null; error?: string | null }): Promise<boolean> {
  const updated = await db().fileUpload.updateMany({ where: { id, status: "uploading" }, data: { ...data, finishedAt: new Date() } });
  return updated.count === 1;
}

const completedPartsSchema = z
  .array(z.object({ partNumber: z.number().int().min(1), etag: z.string().min(1).max(200) }))
  .max(10_000);

/**
 * Finishes an upload: completes the multipart upload (or checks the single PUT landed), verifies the
 * stored size matches what was approved, and records the ETag. Calling it again after success is harmless.
 */
export async function completeUpload(caller: Caller, id: string, parts: CompletedPart[] = []): Promise<UploadView> {
  const record = await ownedUpload(caller, id);
  const target = s3Uri(record.bucket, record.key);
  if (record.status === "completed") return toUploadView(record);
  return mutate(
    caller,
    { role: "editor", action: "files.object.upload", target },
    async () => {
      requireInProgress(record);
      if (record.mode === "multipart") {
        const plan = planOf(record);
        const sorted = completedPartsSchema.parse(parts).sort((a, b) => a.partNumber - b.partNumber);
        if (sorted.length !== plan.partCount || sorted.some((p, i) => p.partNumber !== i + 1)) {
          throw badRequest(`Send the ETag of every part, 1 to ${plan.partCount}, once each.`);
        }
        try {
          await s3().send(
            new CompleteMultipartUploadCommand({
              Bucket: record.bucket,
              Key: record.key,
              UploadId: plan.uploadId,
              MultipartUpload: { Parts: sorted.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
            }),
          );
        } catch (error) {
          // A retry after a completion whose answer was lost: the upload is gone but the object is there.
          if (!isS3NotFound(error)) throw explainS3Error(error, `Completing the upload of ${record.key}`);
        }
      }
      let head;
      try {
        head = await s3().send(new HeadObjectCommand({ Bucket: record.bucket, Key: record.key }));
      } catch (error) {
        if (isS3NotFound(error)) throw conflict("The file has not arrived in the store; upload it again.");
        throw explainS3Error(error, `Checking ${record.key}`);
      }
      if (head.ContentLength !== Number(record.size)) {
        await finish(record.id, { status: "failed", error: `stored ${head.ContentLength} bytes, expected ${record.size}` });
        throw conflict(`The store holds ${head.ContentLength} bytes where ${record.size} were expected; upload the file again.`);
      }
      await finish(record.id, { status: "completed", etag: head.ETag ?? null });
      return toUploadView(await db().fileUpload.findUniqueOrThrow({ where: { id } }));
    },
    (view) => ({ size: view.size, mode: view.mode, etag: view.etag }),
  );
}

async function abortInStore(record: FileUpload): Promise<void> {
  if (record.mode !== "multipart" || !record.s3UploadId) return;
  try {
    await s3().send(new AbortMultipartUploadCommand({ Bucket: record.bucket, Key: record.key, UploadId: record.s3UploadId }));
  } catch (error) {
    if (!isS3NotFound(error)) throw explainS3Error(error, `Aborting the upload of ${record.key}`);
  }
}

/** Cancels an upload: the multipart upload is aborted in the store, so its parts stop taking space. */
export async function abortUpload(caller: Caller, id: string): Promise<UploadView> {
  const record = await ownedUpload(caller, id);
  return mutate(caller, { role: "editor", action: "files.upload.abort", target: s3Uri(record.bucket, record.key) }, async () => {
    requireInProgress(record);
    await abortInStore(record);
    await finish(record.id, { status: "aborted" });
    return toUploadView(await db().fileUpload.findUniqueOrThrow({ where: { id } }));
  });
}

/** The browser gave up (a single PUT failed for good): recorded with its reason, and any multipart upload aborted. */
export async function failUpload(caller: Caller, id: string, reason: string): Promise<UploadView> {
  const record = await ownedUpload(caller, id);
  return mutate(
    caller,
    { role: "editor", action: "files.upload.fail", target: s3Uri(record.bucket, record.key) },
    async () => {
      requireInProgress(record);
      await abortInStore(record);
      await finish(record.id, { status: "failed", error: reason.slice(0, 500) });
      return toUploadView(await db().fileUpload.findUniqueOrThrow({ where: { id } }));
    },
    () => ({ reason: reason.slice(0, 500) }),
  );
}

export const listUploadsSchema = z.object({
  scope: z.enum(["mine", "all"]).default("mine"),
  status: z.enum(["uploading", "completed", "aborted", "failed", "expired"]).optional(),
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Uploads, newest first; only admins may ask for everyone's. */
export async function listUploads(caller: Caller, query: z.input<typeof listUploadsSchema>): Promise<UploadView[]> {
  const { scope, status, before, limit } = listUploadsSchema.parse(query);
  if (scope === "all") await authorize(caller, { role: "admin", action: "files.uploads.list-all", target: "files:uploads" });
  const rows = await db().fileUpload.findMany({
    where: {
      ...(scope === "mine" ? { userId: caller.actor.id } : {}),
      ...(status ? { status } : {}),
      ...(before ? { startedAt: { lt: new Date(before) } } : {}),
    },
    orderBy: { startedAt: "desc" },
    take: limit,
  });
  return rows.map(toUploadView);
}
