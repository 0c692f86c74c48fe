import { operationGroup } from "@/lib/api/define";
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

const api = operationGroup("models");
const model = api.byId({ params: modelIdParamsSchema, notFound: "No model with this id is registered." });

export const listModelsOperation = api.list("listModels", "/models", {
  summary: "List models",
  description:
    "The registered models, a page at a time (`limit`, up to 1,000), in `sort` order then by id, optionally only those in one state. Pages are keyset-paged: pass a page's `nextCursor` as `cursor` (same `sort` and `desc`) for the next; `nextCursor` is null on the last page, and every model is listed exactly once however many there are. Viewer role.",
  query: listQuerySchema,
  page: modelListSchema,
  pageDescription: "One page of models, and where the next begins.",
  responses: { 400: { description: "Invalid query, or a `cursor` this listing did not return (or one from another sort order)." } },
});

export const getModelOperation = model.get("getModel", "/models/{id}", {
  summary: "Read a model",
  description: "The model with its files (sizes, ETags, SHA-256 when registered) and its last 50 moves. Viewer role.",
  responses: { 200: { description: "The model.", schema: modelDetailSchema } },
});

// Registering creates the model, so no 404: declared with the plain verb.
export const putModelOperation = api.put("putModel", "/models/{id}", {
  summary: "Register a model",
  description:
    "Registers (or re-registers) the files under `<type>/<name>/<version>/` of the cold bucket as model `id`: their sizes and ETags are read from the bucket. Listed `files` must be there with those sizes. Editor role.",
  params: modelIdParamsSchema,
  body: { schema: registrationSchema, maxBytes: 2 * 1024 * 1024 },
  responses: {
    200: { description: "Re-registered.", schema: modelDetailSchema },
    201: { description: "Registered.", schema: modelDetailSchema },
    409: { description: "Nothing under the prefix, files missing or of another size, the prefix registered under another id, or the model is hot or moving and its files changed." },
  },
});

export const deleteModelOperation = model.delete("deleteModel", "/models/{id}", {
  summary: "Delete a model from every tier",
  description: "Deletes the hot copy, the cold files and the registration. Admin role.",
  responses: {
    200: { description: "Deleted.", schema: z.object({ deleted: z.string() }) },
    409: { description: "The model is being moved." },
  },
});

export const resolveModelOperation = model.post("resolveModel", "/models/{id}/resolve", {
  summary: "Resolve a model for loading",
  description:
    "Records an access (last access, access count: what the tier policies read), then answers where to load the model from. Hot: 200 with the hot location. Not hot: starts (or joins) a promotion and answers 202 with the operation and the cold location, which may be read meanwhile; resolve again to learn when it is hot. A model the hot tier cannot hold even after eviction: 200 from cold, with `refused` giving the numbers. With `?presign=1`, every file carries a presigned GET URL (MODELS_PRESIGN_EXPIRY_SECONDS), so callers need no S3 credentials. Viewer role.",
  query: resolveQuerySchema,
  responses: {
    200: { description: "Load from `location` (`tier` says which).", schema: resolveResponseSchema },
    202: { description: "Being promoted: read from the cold `location` meanwhile.", schema: resolveResponseSchema },
  },
});

export const promoteModelOperation = model.post("promoteModel", "/models/{id}/promote", {
  summary: "Promote a model to the hot tier",
  description:
    "Queues a copy of every file cold → hot (or joins the one under way); the model is hot once every file is verified. Least-recently-used models that are neither pinned nor in use are demoted first if the hot tier would pass its high watermark. Editor role.",
  responses: {
    202: { description: "Queued or under way (`operation`), or already hot (`operation` null).", schema: moveResponseSchema },
    409: {
      description:
        "`capacity_exceeded`: the hot tier cannot hold the model even after evicting every model it may (`details` has capacityBytes, committedBytes, modelBytes, evictableBytes); `conflict`: it is being demoted.",
    },
  },
});

export const demoteModelOperation = model.post("demoteModel", "/models/{id}/demote", {
  summary: "Demote a model to the cold tier",
  description: "Queues deleting the hot copy, which happens only after the cold copy is checked complete (else the move is refused and the model stays hot). Admin role.",
  responses: {
    202: { description: "Queued (`operation`), or already cold (`operation` null).", schema: moveResponseSchema },
    409: { description: "The model is being moved the other way." },
  },
});

export const cancelPromotionOperation = model.post("cancelModelPromotion", "/models/{id}/cancel", {
  summary: "Cancel a promotion",
  description: "Stops the promotion under way within a part; what it copied to the hot tier is deleted and the model stays cold. Editor role.",
  responses: { 202: { description: "Cancel requested.", schema: moveResponseSchema }, 409: { description: "No promotion is under way." } },
});

export const pinModelOperation = model.put("pinModel", "/models/{id}/pin", {
  summary: "Pin a model",
  description: "A pinned model is never demoted by a policy (idle or eviction). Editor role.",
  responses: { 200: { description: "Pinned.", schema: modelSchema } },
});

export const unpinModelOperation = model.delete("unpinModel", "/models/{id}/pin", {
  summary: "Unpin a model",
  description: "Editor role.",
  responses: { 200: { description: "Unpinned.", schema: modelSchema } },
});

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
