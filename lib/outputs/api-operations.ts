import { operationGroup } from "@/lib/api/define";
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

const ACCESS =
  "Services with the editor role may register and delete any user's outputs (viewer: read). A person's token reaches only its own outputs (userId = its `sub`), unless it has the admin role.";

const api = operationGroup("outputs");
const output = api.byId({ params: idParamsSchema, notFound: "No output with this id." });

export const createOutput = api.post("createOutput", "/outputs", {
  summary: "Register an output and get its upload URL",
  description: `Records the output and answers a presigned PUT into the hot bucket under \`<userId>/<yyyy>/<mm>/<dd>/<id>.<ext>\`, bound to the content type and exact size given. A job copies it to the cold bucket shortly after the upload; it is listed once uploaded. ${ACCESS}`,
  body: { schema: createOutputInputSchema, maxBytes: 4096 },
  responses: {
    201: { description: "Registered; PUT the bytes to `upload.url` with `upload.headers`.", schema: createOutputResponseSchema },
    413: { description: "The size is above OUTPUTS_MAX_BYTES." },
    415: { description: "The content type is not one allowed for this type of output." },
  },
});

export const listOutputs = api.list("listOutputs", "/outputs", {
  summary: "List outputs",
  description: `Uploaded outputs, newest first, filtered by user, type and creation day; page with \`cursor\`. ${ACCESS}`,
  query: listQuerySchema,
  page: outputPageSchema,
});

export const deleteUserOutputs = api.delete("deleteUserOutputs", "/outputs", {
  summary: "Delete all of a user's outputs",
  description: `Removes every output of \`userId\` from the hot and cold buckets, then from the registry. ${ACCESS}`,
  query: deleteUserQuerySchema,
  responses: {
    200: { description: "How many were deleted (0 when the user had none).", schema: deleteResponseSchema },
    503: { description: "The object store did not delete some outputs; those are kept and listed still. Retry." },
  },
});

export const getOutput = output.get("getOutput", "/outputs/{id}", {
  summary: "Read an output's record",
  description: `Where its bytes are (\`tier\`), size, accesses. Does not count as an access. ${ACCESS}`,
  responses: { 200: { description: "The output.", schema: outputSchema } },
});

export const deleteOutput = output.delete("deleteOutput", "/outputs/{id}", {
  summary: "Delete an output from every tier",
  description: ACCESS,
  responses: {
    200: { description: "Deleted from both buckets and the registry.", schema: deleteResponseSchema },
    503: { description: "The object store did not delete it; the output is kept. Retry." },
  },
});

export const downloadOutput = output.get("downloadOutput", "/outputs/{id}/download", {
  summary: "Download an output",
  description: `Counts the access and redirects (302) to a short-lived presigned GET of the hot copy, or of the cold copy when there is no hot one. Reads while only cold count towards re-promotion (OUTPUTS_REPROMOTE_ACCESSES). HEAD answers without counting, as do link previewers. ${ACCESS}`,
  query: downloadQuerySchema,
  responses: {
    302: { description: "`Location` is the presigned URL; `X-Output-Tier` says which copy (hot or cold)." },
    409: { description: "Registered but not uploaded yet." },
  },
});

export const outputsOperations: ApiOperation[] = [createOutput, listOutputs, deleteUserOutputs, getOutput, deleteOutput, downloadOutput];
