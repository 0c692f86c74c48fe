import { z } from "zod";
import { MAX_KEY_BYTES } from "./names";

/**
 * The shapes of /api/v1/files: what the handlers parse and answer, and what the OpenAPI document shows.
 * Keys are checked for S3's own limits here; Strata's stricter naming rules for keys it writes
 * (`objectKeyProblem`) run inside lib/files, where the browser path runs them too.
 */

export const bucketParamsSchema = z.object({
  bucket: z.string().min(1).max(255).meta({ description: "Bucket name." }),
});

const key = z
  .string()
  .min(1, "Name the object with key.")
  .refine((k) => Buffer.byteLength(k) <= MAX_KEY_BYTES, `An S3 key is at most ${MAX_KEY_BYTES} bytes in UTF-8.`)
  .meta({ description: `Object key (at most ${MAX_KEY_BYTES} bytes in UTF-8).` });

export const listQuerySchema = z.object({
  prefix: z.string().max(1024).default("").meta({ description: "Only keys starting with this, e.g. `logs/api/2026-12-01/`." }),
  delimiter: z
    .enum(["/", ""])
    .default("/")
    .meta({ description: "`/` (default) lists one folder level, sub-folders in `folders`; empty lists every key under the prefix." }),
  pageToken: z.string().min(1).max(2048).optional().meta({ description: "`nextPageToken` of the previous page." }),
  limit: z.coerce.number().int().min(1).max(1000).default(1000).meta({ description: "Entries per page, 1–1000." }),
});

export const objectEntrySchema = z
  .object({
    key: z.string(),
    size: z.number().int(),
    lastModified: z.string().nullable(),
    etag: z.string().nullable(),
    storageClass: z.string().nullable(),
  })
  .meta({ id: "ObjectEntry" });

export const listingSchema = z
  .object({
    folders: z.array(z.string()).meta({ description: "Sub-folders (common prefixes, ending in the delimiter)." }),
    objects: z.array(objectEntrySchema),
    nextPageToken: z.string().nullable().meta({ description: "Pass as pageToken for the next page; null on the last page." }),
  })
  .meta({ id: "ObjectListing" });

export const keyQuerySchema = z.object({ key });

export const objectVersionSchema = z
  .object({ versionId: z.string(), size: z.number().int(), lastModified: z.string().nullable(), isLatest: z.boolean(), deleteMarker: z.boolean() })
  .meta({ id: "ObjectVersion" });

export const objectDetailsSchema = z
  .object({
    bucket: z.string(),
    key: z.string(),
    size: z.number().int(),
    contentType: z.string().nullable(),
    etag: z.string().nullable(),
    lastModified: z.string().nullable(),
    storageClass: z.string(),
    metadata: z.record(z.string(), z.string()).meta({ description: "User metadata (x-amz-meta-*), names lower-case." }),
    tags: z.record(z.string(), z.string()).nullable().meta({ description: "Object tags; null when the store has no tagging." }),
    versioning: z.enum(["Enabled", "Suspended", "Off", "Unknown"]),
    versions: z.array(objectVersionSchema).meta({ description: "Versions of this key, newest first (empty without versioning)." }),
  })
  .meta({ id: "ObjectDetails" });

export const downloadQuerySchema = z.object({
  key,
  versionId: z.string().min(1).max(1024).optional().meta({ description: "A previous version (from the object's `versions`)." }),
  disposition: z.enum(["attachment", "inline"]).default("attachment"),
});

export const presignedUrlSchema = z
  .object({ url: z.string().meta({ description: "GET this URL (no Authorization header) before expiresAt." }), expiresAt: z.string() })
  .meta({ id: "PresignedUrl" });

export const startUploadBodySchema = z
  .object({
    bucket: z.string().min(1).max(255),
    key,
    size: z.number().int("The size is a whole number of bytes.").nonnegative("The size cannot be negative."),
    contentType: z.string().max(255).optional().meta({ description: "MIME type; defaults to application/octet-stream. Bound into the signature." }),
  })
  .strict()
  .meta({ id: "StartUpload" });

export const startedUploadSchema = z
  .discriminatedUnion("mode", [
    z.object({
      id: z.string(),
      mode: z.literal("single"),
      key: z.string(),
      size: z.number().int(),
      url: z.string().meta({ description: "PUT the whole file here with exactly these headers and Content-Length = size." }),
      headers: z.record(z.string(), z.string()),
    }),
    z.object({
      id: z.string(),
      mode: z.literal("multipart"),
      key: z.string(),
      size: z.number().int(),
      partSize: z.number().int().meta({ description: "Part n covers bytes (n-1)·partSize up to min(n·partSize, size)." }),
      partCount: z.number().int(),
      concurrency: z.number().int().meta({ description: "Parts to send in parallel." }),
      urls: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: "Presigned PUT URLs of the first parts (up to 32), by part number: start sending at once; ask …/parts for the rest." }),
    }),
  ])
  .meta({ id: "StartedUpload" });

export const uploadIdParamsSchema = z.object({ id: z.uuid("An upload id is a UUID.") });

export const signPartsBodySchema = z
  .object({ partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(100) })
  .strict()
  .meta({ id: "SignParts" });

export const signedPartsSchema = z
  .object({ urls: z.record(z.string(), z.string()).meta({ description: "Part number → presigned PUT URL, bound to that part's length." }) })
  .meta({ id: "SignedParts" });

export const completedPartSchema = z.object({ partNumber: z.number().int().min(1), etag: z.string().min(1).max(200) }).meta({ id: "CompletedPart" });

export const uploadedPartsSchema = z
  .object({ parts: z.array(z.object({ partNumber: z.number().int(), etag: z.string() }).meta({ id: "StoredPart" })) })
  .meta({ id: "UploadedParts" });

export const completeUploadBodySchema = z
  .object({ parts: z.array(completedPartSchema).max(10_000).default([]).meta({ description: "Every part's ETag (multipart); omit for a single PUT." }) })
  .strict()
  .meta({ id: "CompleteUpload" });

export const uploadViewSchema = z
  .object({
    id: z.string(),
    user: z.string(),
    bucket: z.string(),
    key: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    mode: z.enum(["single", "multipart"]),
    partSize: z.number().int().nullable(),
    partCount: z.number().int().nullable(),
    status: z.string(),
    etag: z.string().nullable(),
    error: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: "Upload" });

export const transferBodySchema = z
  .object({
    sourceBucket: z.string().min(1).max(255),
    destinationBucket: z.string().min(1).max(255),
    items: z
      .array(z.object({ source: key, destination: key }))
      .min(1)
      .max(1000)
      .meta({ description: "A source ending in / is a folder: everything under it goes under destination (which ends in / too)." }),
  })
  .strict()
  .meta({ id: "Transfer" });

export const transferResultSchema = z
  .object({
    transferred: z.number().int(),
    failed: z.array(z.object({ source: z.string(), destination: z.string(), message: z.string() })),
  })
  .meta({ id: "TransferResult" });

export const deleteBodySchema = z
  .object({
    keys: z.array(key).max(10_000).default([]),
    prefixes: z.array(z.string().min(1).max(1024).regex(/\/$/, "A folder ends with /.")).max(1000).default([]),
  })
  .strict()
  .refine((r) => r.keys.length + r.prefixes.length > 0, "Name at least one key or prefix.")
  .meta({ id: "DeleteObjects" });

export const deleteResultSchema = z
  .object({ deleted: z.number().int(), failed: z.array(z.object({ key: z.string(), code: z.string(), message: z.string() })) })
  .meta({ id: "DeleteObjectsResult" });

export const restoreVersionBodySchema = z.object({ key, versionId: z.string().min(1).max(1024) }).strict().meta({ id: "RestoreVersion" });

export const versionQuerySchema = z.object({ key, versionId: z.string().min(1).max(1024) });

export const versionResultSchema = z
  .object({ key: z.string(), versionId: z.string().nullable().meta({ description: "The version the call created (restore) or removed (delete)." }) })
  .meta({ id: "VersionResult" });
