import type { ApiOperation } from "@/lib/api/operation";
import {
  createOutputInputSchema,
  createOutputResponseSchema,
  deleteResponseSchema,
  deleteUserQuerySchema,
  downloadQuerySchema,
  idParamsSchema,
  listQuerySchema,
  outputPageSchema,
  outputSchema,
} from "./schemas";

/** /api/v1/outputs, described once: the route handlers parse their input with these, and the OpenAPI document is built from them. */

const TAG = "outputs";
const ACCESS =
  "Services with the editor role may register and delete any user's outputs (viewer: read). A person's token reaches only its own outputs (userId = its `sub`), unless it has the admin role.";
const missing = { description: "No output with this id." };

export const createOutput = {
  id: "createOutput",
  method: "post",
  path: "/outputs",
  tag: TAG,
  summary: "Register an output and get its upload URL",
  description: `Records the output and answers a presigned PUT into the hot bucket under \`<userId>/<yyyy>/<mm>/<dd>/<id>.<ext>\`, bound to the content type and exact size given. A job copies it to the cold bucket shortly after the upload; it is listed once uploaded. ${ACCESS}`,
  auth: "bearer",
  body: { schema: createOutputInputSchema, maxBytes: 4096 },
  responses: {
    201: { description: "Registered; PUT the bytes to `upload.url` with `upload.headers`.", schema: createOutputResponseSchema },
    413: { description: "The size is above OUTPUTS_MAX_BYTES." },
    415: { description: "The content type is not one allowed for this type of output." },
  },
} as const satisfies ApiOperation;

export const listOutputs = {
  id: "listOutputs",
  method: "get",
  path: "/outputs",
  tag: TAG,
  summary: "List outputs",
  description: `Uploaded outputs, newest first, filtered by user, type and creation day; page with \`cursor\`. ${ACCESS}`,
  auth: "bearer",
  query: listQuerySchema,
  responses: { 200: { description: "One page.", schema: outputPageSchema } },
} as const satisfies ApiOperation;

export const deleteUserOutputs = {
  id: "deleteUserOutputs",
  method: "delete",
  path: "/outputs",
  tag: TAG,
  summary: "Delete all of a user's outputs",
  description: `Removes every output of \`userId\` from the hot and cold buckets, then from the registry. ${ACCESS}`,
  auth: "bearer",
  query: deleteUserQuerySchema,
  responses: {
    200: { description: "How many were deleted (0 when the user had none).", schema: deleteResponseSchema },
    503: { description: "The object store did not delete some outputs; those are kept and listed still. Retry." },
  },
} as const satisfies ApiOperation;

export const getOutput = {
  id: "getOutput",
  method: "get",
  path: "/outputs/{id}",
  tag: TAG,
  summary: "Read an output's record",
  description: `Where its bytes are (\`tier\`), size, accesses. Does not count as an access. ${ACCESS}`,
  auth: "bearer",
  params: idParamsSchema,
  responses: { 200: { description: "The output.", schema: outputSchema }, 404: missing },
} as const satisfies ApiOperation;

export const deleteOutput = {
  id: "deleteOutput",
  method: "delete",
  path: "/outputs/{id}",
  tag: TAG,
  summary: "Delete an output from every tier",
  description: ACCESS,
  auth: "bearer",
  params: idParamsSchema,
  responses: {
    200: { description: "Deleted from both buckets and the registry.", schema: deleteResponseSchema },
    404: missing,
    503: { description: "The object store did not delete it; the output is kept. Retry." },
  },
} as const satisfies ApiOperation;

export const downloadOutput = {
  id: "downloadOutput",
  method: "get",
  path: "/outputs/{id}/download",
  tag: TAG,
  summary: "Download an output",
  description: `Counts the access and redirects (302) to a short-lived presigned GET of the hot copy, or of the cold copy when there is no hot one. Reads while only cold count towards re-promotion (OUTPUTS_REPROMOTE_ACCESSES). HEAD answers without counting, as do link previewers. ${ACCESS}`,
  auth: "bearer",
  params: idParamsSchema,
  query: downloadQuerySchema,
  responses: {
    302: { description: "`Location` is the presigned URL; `X-Output-Tier` says which copy (hot or cold)." },
    404: missing,
    409: { description: "Registered but not uploaded yet." },
  },
} as const satisfies ApiOperation;

export const outputsOperations: ApiOperation[] = [createOutput, listOutputs, deleteUserOutputs, getOutput, deleteOutput, downloadOutput];
