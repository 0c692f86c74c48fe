import { z } from "zod";
import { MAX_KEY_BYTES } from "./names";

/** Folder operations run as jobs (copy, move, delete of any size; zip of a folder or a selection). */

export const operationKinds = ["copy", "move", "delete", "zip"] as const;
export type OperationKind = (typeof operationKinds)[number];

export const operationStatuses = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type OperationStatus = (typeof operationStatuses)[number];

const key = z
  .string()
  .min(1)
  .refine((k) => Buffer.byteLength(k) <= MAX_KEY_BYTES, `An S3 key is at most ${MAX_KEY_BYTES} bytes in UTF-8.`);

export const operationItemSchema = z.object({
  source: key.meta({ description: "A key, or a folder ending in / (everything under it)." }),
  destination: key.optional().meta({ description: "copy/move only: where it goes (a folder for a folder)." }),
});
export type OperationItem = z.infer<typeof operationItemSchema>;

export const MAX_OPERATION_ITEMS = 1000;

export const startOperationSchema = z
  .object({
    kind: z.enum(operationKinds),
    sourceBucket: z.string().min(1).max(255),
    destinationBucket: z.string().min(1).max(255).optional().meta({ description: "copy/move: the bucket to copy into (default: the source bucket)." }),
    items: z.array(operationItemSchema).min(1).max(MAX_OPERATION_ITEMS),
    name: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^/\\\u0000-\u001f]+$/, "A zip name has no slashes or control characters.")
      .optional()
      .meta({ description: "zip only: the archive's file name (default: the folder's name, or `selection`)." }),
  })
  .strict()
  .meta({ id: "StartOperation" });
export type StartOperationInput = z.infer<typeof startOperationSchema>;

export const operationViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(operationKinds),
    status: z.enum(operationStatuses),
    user: z.string(),
    sourceBucket: z.string(),
    destinationBucket: z.string().nullable(),
    items: z.array(operationItemSchema).meta({ description: "The first 20 items." }),
    itemCount: z.number().int(),
    total: z.number().int().nullable().meta({ description: "Objects covered; null while they are being counted." }),
    totalBytes: z.number().nullable(),
    done: z.number().int(),
    verified: z.number().int().meta({ description: "Of done: found already in place after a restart, so not copied again." }),
    failed: z.number().int(),
    failures: z.array(z.object({ key: z.string(), message: z.string() })).meta({ description: "Up to 100." }),
    bytes: z.number(),
    cancelRequested: z.boolean(),
    downloadReady: z.boolean().meta({ description: "zip: the archive is ready for GET …/download." }),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: "Operation" });
export type OperationView = z.infer<typeof operationViewSchema>;

export const operationListSchema = z.object({ items: z.array(operationViewSchema) }).meta({ id: "OperationList" });

export const operationIdParamsSchema = z.object({ id: z.uuid("An operation id is a UUID.") });

export const listOperationsQuerySchema = z.object({
  scope: z.enum(["mine", "all"]).default("mine").meta({ description: "`all` needs the admin role." }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
