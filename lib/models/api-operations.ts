import type { ApiOperation } from "@/lib/api/operation";
import {
  listQuerySchema,
  modelDetailSchema,
  modelIdParamsSchema,
  modelListSchema,
  modelSchema,
  moveResponseSchema,
  registrationSchema,
  resolveQuerySchema,
  resolveResponseSchema,
} from "./schemas";
import { z } from "zod";

/**
 * /api/v1/models, described once: the route handlers parse their input with these operations' schemas, and
 * the OpenAPI document is built from them.
 */

const TAG = "models";
const notFound = { description: "No model with this id is registered." };

export const listModelsOperation = {
  id: "listModels",
  method: "get",
  path: "/models",
  tag: TAG,
  summary: "List models",
  description: "Every registered model (up to 1,000, by name), optionally only those in one state. Viewer role.",
  auth: "bearer",
  query: listQuerySchema,
  responses: { 200: { description: "The models.", schema: modelListSchema } },
} as const satisfies ApiOperation;

export const getModelOperation = {
  id: "getModel",
  method: "get",
  path: "/models/{id}",
  tag: TAG,
  summary: "Read a model",
  description: "The model with its files (sizes, ETags, SHA-256 when registered) and its last 50 moves. Viewer role.",
  auth: "bearer",
  params: modelIdParamsSchema,
  responses: { 200: { description: "The model.", schema: modelDetailSchema }, 404: notFound },
} as const satisfies ApiOperation;

export const putModelOperation = {
  id: "putModel",
  method: "put",
  path: "/models/{id}",
  tag: TAG,
  summary: "Register a model",
  description:
    "Registers (or re-registers) the files under `<type>/<name>/<version>/` of the cold bucket as model `id`: their sizes and ETags are read from the bucket. Listed `files` must be there with those sizes. Editor role.",
  auth: "bearer",
  params: modelIdParamsSchema,
  body: { schema: registrationSchema, maxBytes: 2 * 1024 * 1024 },
  responses: {
    200: { description: "Re-registered.", schema: modelDetailSchema },
    201: { description: "Registered.", schema: modelDetailSchema },
    409: { description: "Nothing under the prefix, files missing or of another size, the prefix registered under another id, or the model is hot or moving and its files changed." },
  },
} as const satisfies ApiOperation;

export const deleteModelOperation = {
  id: "deleteModel",
  method: "delete",
  path: "/models/{id}",
  tag: TAG,
  summary: "Delete a model from every tier",
  description: "Deletes the hot copy, the cold files and the registration. Admin role.",
  auth: "bearer",
  params: modelIdParamsSchema,
  responses: {
    200: { description: "Deleted.", schema: z.object({ deleted: z.string() }) },
    404: notFound,
    409: { description: "The model is being moved." },
  },
} as const satisfies ApiOperation;

export const resolveModelOperation = {
  id: "resolveModel",
  method: "post",
  path: "/models/{id}/resolve",
  tag: TAG,
  summary: "Resolve a model for loading",
  description:
    "Records an access (last access, access count: what the tier policies read), then answers where to load the model from. Hot: 200 with the hot location. Not hot: starts (or joins) a promotion and answers 202 with the operation and the cold location, which may be read meanwhile; resolve again to learn when it is hot. A model the hot tier cannot hold even after eviction: 200 from cold, with `refused` giving the numbers. With `?presign=1`, every file carries a presigned GET URL (MODELS_PRESIGN_EXPIRY_SECONDS), so callers need no S3 credentials. Viewer role.",
  auth: "bearer",
  params: modelIdParamsSchema,
  query: resolveQuerySchema,
  responses: {
    200: { description: "Load from `location` (`tier` says which).", schema: resolveResponseSchema },
    202: { description: "Being promoted: read from the cold `location` meanwhile.", schema: resolveResponseSchema },
    404: notFound,
  },
} as const satisfies ApiOperation;

const moveResponses = {
  404: notFound,
  409: { description: "The model is being moved the other way." },
};

export const promoteModelOperation = {
  id: "promoteModel",
  method: "post",
  path: "/models/{id}/promote",
  tag: TAG,
  summary: "Promote a model to the hot tier",
  description:
    "Queues a copy of every file cold → hot (or joins the one under way); the model is hot once every file is verified. Least-recently-used models that are neither pinned nor in use are demoted first if the hot tier would pass its high watermark. Editor role.",
  auth: "bearer",
  params: modelIdParamsSchema,
  responses: {
    202: { description: "Queued or under way (`operation`), or already hot (`operation` null).", schema: moveResponseSchema },
    404: notFound,
    409: {
      description:
        "`capacity_exceeded`: the hot tier cannot hold the model even after evicting every model it may (`details` has capacityBytes, committedBytes, modelBytes, evictableBytes); `conflict`: it is being demoted.",
    },
  },
} as const satisfies ApiOperation;

export const demoteModelOperation = {
  id: "demoteModel",
  method: "post",
  path: "/models/{id}/demote",
  tag: TAG,
  summary: "Demote a model to the cold tier",
  description: "Queues deleting the hot copy, which happens only after the cold copy is checked complete (else the move is refused and the model stays hot). Admin role.",
  auth: "bearer",
  params: modelIdParamsSchema,
  responses: { 202: { description: "Queued (`operation`), or already cold (`operation` null).", schema: moveResponseSchema }, ...moveResponses },
} as const satisfies ApiOperation;

export const cancelPromotionOperation = {
  id: "cancelModelPromotion",
  method: "post",
  path: "/models/{id}/cancel",
  tag: TAG,
  summary: "Cancel a promotion",
  description: "Stops the promotion under way within a part; what it copied to the hot tier is deleted and the model stays cold. Editor role.",
  auth: "bearer",
  params: modelIdParamsSchema,
  responses: { 202: { description: "Cancel requested.", schema: moveResponseSchema }, 404: notFound, 409: { description: "No promotion is under way." } },
} as const satisfies ApiOperation;

export const pinModelOperation = {
  id: "pinModel",
  method: "put",
  path: "/models/{id}/pin",
  tag: TAG,
  summary: "Pin a model",
  description: "A pinned model is never demoted by a policy (idle or eviction). Editor role.",
  auth: "bearer",
  params: modelIdParamsSchema,
  responses: { 200: { description: "Pinned.", schema: modelSchema }, 404: notFound },
} as const satisfies ApiOperation;

export const unpinModelOperation = {
  id: "unpinModel",
  method: "delete",
  path: "/models/{id}/pin",
  tag: TAG,
  summary: "Unpin a model",
  description: "Editor role.",
  auth: "bearer",
  params: modelIdParamsSchema,
  responses: { 200: { description: "Unpinned.", schema: modelSchema }, 404: notFound },
} as const satisfies ApiOperation;

export const modelsOperations: ApiOperation[] = [
  listModelsOperation,
  getModelOperation,
  putModelOperation,
  deleteModelOperation,
  resolveModelOperation,
  promoteModelOperation,
  demoteModelOperation,
  cancelPromotionOperation,
  pinModelOperation,
  unpinModelOperation,
];
