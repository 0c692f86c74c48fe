import { operationGroup } from "@/lib/api/define";
import type { ApiOperation } from "@/lib/api/operation";
import {
  bucketParamsSchema,
  completeUploadBodySchema,
  deleteBodySchema,
  deleteResultSchema,
  downloadQuerySchema,
  keyQuerySchema,
  listingSchema,
  listQuerySchema,
  objectDetailsSchema,
  presignedUrlSchema,
  restoreVersionBodySchema,
  signedPartsSchema,
  signPartsBodySchema,
  startedUploadSchema,
  startUploadBodySchema,
  transferBodySchema,
  transferResultSchema,
  uploadedPartsSchema,
  uploadIdParamsSchema,
  uploadViewSchema,
  versionQuerySchema,
  versionResultSchema,
} from "./api-schemas";
import {
  listOperationsQuerySchema,
  operationIdParamsSchema,
  operationListSchema,
  operationViewSchema,
  startOperationSchema,
} from "./operation-schemas";

/**
 * /api/v1/files, described once: the route handlers parse their input with these operations' schemas and
 * the OpenAPI document is built from them. The role rules are the console's: viewer reads and downloads,
 * editor uploads, copies, moves and deletes, admin deletes object versions.
 */

const VIEWER = "Needs the viewer role.";
const EDITOR = "Needs the editor role; audited.";
const noBucket = { description: "No such bucket, object or version." };
const storeDown = { description: "The object store is not answering; try again." };

const api = operationGroup("files");
const bucket = api.byId({ params: bucketParamsSchema, notFound: noBucket.description });
const upload = api.byId({ params: uploadIdParamsSchema, notFound: "No such upload of this caller." });
const operation = api.byId({ params: operationIdParamsSchema, notFound: "No such operation of this caller." });

export const listObjects = api.list("listObjects", "/files/buckets/{bucket}/objects", {
  summary: "List objects",
  description: `One page (up to 1,000 entries) in the store's key order (UTF-8 bytes). ${VIEWER}`,
  params: bucketParamsSchema,
  query: listQuerySchema,
  page: listingSchema,
  responses: { 404: noBucket, 503: storeDown },
});

export const headObject = bucket.get("headObject", "/files/buckets/{bucket}/object", {
  summary: "Object metadata, tags and versions",
  description: VIEWER,
  query: keyQuerySchema,
  responses: { 200: { description: "The object.", schema: objectDetailsSchema }, 503: storeDown },
});

export const presignObjectDownload = bucket.get("presignObjectDownload", "/files/buckets/{bucket}/download", {
  summary: "Presigned download URL",
  description: `A GET URL valid for FILES_DOWNLOAD_URL_EXPIRY_SECONDS; the bytes come from the store, not Strata. With versionId, a previous version. ${VIEWER}`,
  query: downloadQuerySchema,
  responses: { 200: { description: "The URL.", schema: presignedUrlSchema } },
});

export const deleteObjectsOperation = bucket.post("deleteObjects", "/files/buckets/{bucket}/delete", {
  summary: "Delete objects and folders",
  description: `Keys and folders (everything under each prefix), in DeleteObjects batches of 1,000; per-key failures are listed. For very large folders prefer an operation (POST /files/operations, kind delete). ${EDITOR}`,
  body: { schema: deleteBodySchema, maxBytes: 4 * 1024 * 1024 },
  responses: { 200: { description: "What was deleted and what was not.", schema: deleteResultSchema } },
});

export const restoreObjectVersion = bucket.post("restoreObjectVersion", "/files/buckets/{bucket}/versions/restore", {
  summary: "Restore a previous version",
  description: `Copies the version over the current object (server-side); the restore becomes the newest version. ${EDITOR}`,
  body: { schema: restoreVersionBodySchema, maxBytes: 8 * 1024 },
  responses: { 200: { description: "Restored; versionId is the version the restore created.", schema: versionResultSchema } },
});

export const deleteObjectVersion = bucket.delete("deleteObjectVersion", "/files/buckets/{bucket}/versions", {
  summary: "Delete one version for good",
  description: "Needs the admin role; audited.",
  query: versionQuerySchema,
  responses: { 200: { description: "Deleted.", schema: versionResultSchema } },
});

export const startUploadOperation = api.post("startUpload", "/files/uploads", {
  summary: "Start an upload (presigned PUT or multipart plan)",
  description:
    "The same checks as the console's upload: key rules (≤ 1,024 UTF-8 bytes, no control characters, no empty/./.. segments), " +
    "FILES_MAX_UPLOAD_BYTES, FILES_ALLOWED_CONTENT_TYPES / FILES_ALLOWED_EXTENSIONS. Below FILES_MULTIPART_THRESHOLD_BYTES: one PUT URL " +
    "bound to the type and length. Otherwise a multipart plan: sign parts (POST …/parts), PUT each, then complete with every part's ETag. " +
    "Always finish with POST …/complete (it checks the stored size). " +
    EDITOR,
  body: { schema: startUploadBodySchema, maxBytes: 16 * 1024 },
  responses: {
    201: { description: "A single PUT or a multipart plan.", schema: startedUploadSchema },
    404: { description: "No such bucket." },
    413: { description: "Larger than FILES_MAX_UPLOAD_BYTES (or the body is too large)." },
    415: { description: "The content type or extension is not allowed." },
  },
});

export const signUploadParts = upload.post("signUploadParts", "/files/uploads/{id}/parts", {
  summary: "Sign parts of a multipart upload",
  description: `Up to 100 part numbers a call; each URL is bound to its part's exact length. ${EDITOR.replace("; audited", "")}`,
  body: { schema: signPartsBodySchema, maxBytes: 16 * 1024 },
  responses: {
    200: { description: "URLs by part number.", schema: signedPartsSchema },
    409: { description: "The upload is no longer in progress." },
  },
});

export const listUploadParts = upload.get("listUploadParts", "/files/uploads/{id}/parts", {
  summary: "Parts the store already holds (to resume)",
  responses: { 200: { description: "Parts with their ETags.", schema: uploadedPartsSchema } },
});

export const completeUploadOperation = upload.post("completeUpload", "/files/uploads/{id}/complete", {
  summary: "Complete an upload",
  description: `Completes the multipart upload (or checks the single PUT arrived), verifies the stored size and records the ETag. Repeating it after success is harmless. ${EDITOR}`,
  body: { schema: completeUploadBodySchema, maxBytes: 1024 * 1024 },
  responses: {
    200: { description: "The finished upload.", schema: uploadViewSchema },
    409: { description: "Not in progress, or the stored size differs from the declared size." },
  },
});

export const abortUploadOperation = upload.delete("abortUpload", "/files/uploads/{id}", {
  summary: "Abort an upload",
  description: `Aborts the multipart upload in the store, so its parts stop taking space. ${EDITOR}`,
  responses: { 200: { description: "Aborted.", schema: uploadViewSchema }, 409: { description: "Not in progress." } },
});

const transferDescription = (verb: string) =>
  `Server-side ${verb} of files and folders (a folder: everything under it), within or across buckets, up to 10,000 objects in the request; ` +
  `beyond that, start an operation (POST /files/operations). Every object is tried; failures are listed. ${EDITOR}`;

export const copyObjectsOperation = api.post("copyObjects", "/files/copy", {
  summary: "Copy files and folders",
  description: transferDescription("copy"),
  body: { schema: transferBodySchema, maxBytes: 2 * 1024 * 1024 },
  responses: { 200: { description: "Copied.", schema: transferResultSchema }, 404: noBucket, 413: { description: "More than 10,000 objects: use an operation." } },
});

export const moveObjectsOperation = api.post("moveObjects", "/files/move", {
  summary: "Move (rename) files and folders",
  description: `${transferDescription("move")} A source is deleted only after its copy succeeded.`,
  body: { schema: transferBodySchema, maxBytes: 2 * 1024 * 1024 },
  responses: { 200: { description: "Moved.", schema: transferResultSchema }, 404: noBucket, 413: { description: "More than 10,000 objects: use an operation." } },
});

export const startFileOperation = api.post("startFileOperation", "/files/operations", {
  summary: "Start a folder operation (copy, move, delete, zip) as a job",
  description:
    "Any size. Recorded, with progress (GET …/{id}) and cancel; resumed after a worker is killed without copying or deleting anything twice. " +
    "A zip is written to a temporary bucket and handed out by GET …/{id}/download (it expires after a day). copy/move/delete need the editor role, zip the viewer role; audited.",
  body: { schema: startOperationSchema, maxBytes: 1024 * 1024 },
  responses: { 202: { description: "Queued.", schema: operationViewSchema }, 404: noBucket },
});

export const listFileOperations = api.list("listFileOperations", "/files/operations", {
  summary: "The caller's operations, newest first",
  query: listOperationsQuerySchema,
  page: operationListSchema,
  pageDescription: "Operations.",
});

export const getFileOperation = operation.get("getFileOperation", "/files/operations/{id}", {
  summary: "An operation's state and progress",
  responses: { 200: { description: "The operation.", schema: operationViewSchema } },
});

export const cancelFileOperation = operation.post("cancelFileOperation", "/files/operations/{id}/cancel", {
  summary: "Cancel an operation",
  description: "A queued operation stops at once, a running one after the batch in flight. Audited.",
  responses: { 200: { description: "Cancelled or stopping.", schema: operationViewSchema }, 409: { description: "Already finished." } },
});

export const downloadFileOperation = operation.get("downloadFileOperation", "/files/operations/{id}/download", {
  summary: "Presigned download of a finished zip",
  responses: { 200: { description: "The URL.", schema: presignedUrlSchema }, 409: { description: "The zip is not ready." } },
});

export const filesOperations: ApiOperation[] = [
  listObjects,
  headObject,
  presignObjectDownload,
  deleteObjectsOperation,
  restoreObjectVersion,
  deleteObjectVersion,
  startUploadOperation,
  signUploadParts,
  listUploadParts,
  completeUploadOperation,
  abortUploadOperation,
  copyObjectsOperation,
  moveObjectsOperation,
  startFileOperation,
  listFileOperations,
  getFileOperation,
  cancelFileOperation,
  downloadFileOperation,
];
