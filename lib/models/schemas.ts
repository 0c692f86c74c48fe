import { z } from "zod";

/** Shapes of the model registry on the wire: one zod schema per thing, shared by the API, the console and the OpenAPI document. */

export const modelStates = ["cold", "promoting", "hot", "demoting"] as const;
export type ModelState = (typeof modelStates)[number];

export const modelIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, "must be 1-128 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit")
  .meta({ description: "The model's id, e.g. `llm.llama-3-8b-instruct.v1`.", example: "llm.llama-3-8b-instruct.v1" });

export const modelIdParamsSchema = z.object({ id: modelIdSchema });

/** One segment of `<type>/<name>/<version>/`: what a key segment may hold without surprises. */
const segment = (what: string) =>
  z
    .string()
    .min(1)
    .max(128)
    .regex(/^[^/\\\s][^/\\]*$/, `${what} is one key segment: no '/', no '\\', not starting with a space`)
    .refine((v) => v !== "." && v !== ".." && v.trim() === v, `${what} may not be '.' or '..' or end with a space`);

export const registrationSchema = z
  .object({
    type: segment("type").meta({ description: "First segment of the prefix, e.g. `llm`, `embedding`, `diffusion`." }),
    name: segment("name"),
    version: segment("version"),
    files: z
      .array(
        z.object({
          path: z.string().min(1).max(1024),
          size: z.number().int().min(0),
          sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits").optional(),
        }),
      )
      .max(10_000)
      .optional()
      .meta({ description: "What the caller expects under the prefix; each must be there with this size. Omit to take what the cold bucket holds." }),
  })
  .meta({ id: "ModelRegistration" });
export type Registration = z.infer<typeof registrationSchema>;

export const modelSortSchema = z.enum(["name", "state", "size", "files", "lastAccess", "accesses", "created"]);

export const listQuerySchema = z.object({
  state: z.enum(modelStates).optional().meta({ description: "Only models in this state." }),
  sort: modelSortSchema.default("name").meta({ description: "Order of the listing (then by id); never-accessed models sort as the oldest `lastAccess`." }),
  desc: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true")
    .meta({ description: "`1`: descending." }),
  limit: z.coerce.number().int().min(1).max(1000).default(1000).meta({ description: "Models per page (1–1,000)." }),
  // base64url only: a cursor of arbitrary characters percent-encodes to many times its length, and a
  // request line past Node's 16 KiB header limit is refused (431) before any route runs.
  cursor: z
    .string()
    .max(2000)
    .regex(/^[A-Za-z0-9_-]*$/, "not a cursor this listing handed out")
    .optional()
    .meta({ description: "The previous page's `nextCursor`, with the same `sort` and `desc`: the listing continues after that page's last model (keyset paging, so every model is listed exactly once)." }),
});

export const resolveQuerySchema = z.object({
  presign: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true")
    .meta({ description: "`1` adds a presigned GET URL to every file of a hot model." }),
});

export const moveSchema = z
  .object({
    id: z.string(),
    modelId: z.string(),
    kind: z.enum(["promote", "demote"]),
    status: z.enum(["queued", "running", "canceling", "succeeded", "failed", "canceled", "refused"]),
    reason: z.string().meta({ description: "request (a resolve), manual (a person), policy-idle or policy-lru." }),
    actor: z.string(),
    bytesTotal: z.number(),
    bytesDone: z.number(),
    rateBytesPerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: "ModelMove" });
export type MoveView = z.infer<typeof moveSchema>;

export const modelSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    name: z.string(),
    version: z.string(),
    prefix: z.string(),
    state: z.enum(modelStates),
    pinned: z.boolean(),
    fileCount: z.number(),
    totalBytes: z.number(),
    lastAccessAt: z.string().nullable(),
    accessCount: z.number(),
    hotSince: z.string().nullable(),
    createdAt: z.string(),
    inUse: z.boolean().meta({ description: "Accessed within MODELS_IN_USE_WINDOW_MINUTES: eviction never takes it." }),
    leavesHotAt: z.string().nullable().meta({ description: "When the idle policy will demote it if nobody uses it (null: not hot, or pinned)." }),
    activeMove: moveSchema.nullable(),
  })
  .meta({ id: "Model" });
export type ModelView = z.infer<typeof modelSchema>;

export const modelFileSchema = z.object({ path: z.string(), size: z.number(), etag: z.string(), sha256: z.string().nullable() });

export const modelDetailSchema = modelSchema
  .extend({ files: z.array(modelFileSchema), moves: z.array(moveSchema) })
  .meta({ id: "ModelDetail" });
export type ModelDetail = z.infer<typeof modelDetailSchema>;

export const modelListSchema = z
  .object({
    models: z.array(modelSchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .meta({ id: "ModelList" });

const location = z.object({
  tier: z.enum(["hot", "cold"]),
  bucket: z.string(),
  prefix: z.string(),
  uri: z.string().meta({ description: "`s3://bucket/prefix/`" }),
});

export const resolveResponseSchema = z
  .object({
    model: z.string(),
    tier: z.enum(["hot", "cold"]).meta({ description: "Where `location` points: read from there now." }),
    location,
    files: z.array(
      z.object({ path: z.string(), size: z.number(), url: z.string().optional().meta({ description: "With ?presign=1: a presigned GET of this file on `tier`." }) }),
    ),
    operation: moveSchema.nullable().meta({ description: "The promotion (or demotion) under way, when the model is not hot." }),
    refused: z.string().optional().meta({ description: "Why no promotion was started (the hot tier cannot hold it), with the numbers." }),
  })
  .meta({ id: "ModelResolution" });
export type ResolveResponse = z.infer<typeof resolveResponseSchema>;

export const moveResponseSchema = z.object({ model: modelSchema, operation: moveSchema.nullable() }).meta({ id: "ModelMoveResponse" });
