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

const TAG = "files";
const VIEWER = "Needs the viewer role.";
const EDITOR = "Needs the editor role; audited.";
const noBucket = { description: "No such bucket, object or version." };
const storeDown = { description: "The object store is not answering; try again." };

export const listObjects = {
  id: "listObjects",
  method: "get",
  path: "/files/buckets/{bucket}/objects",
  tag: TAG,
  summary: "List objects",
  description: `One page (up to 1,000 entries) in the store's key order (UTF-8 bytes). ${VIEWER}`,
  auth: "bearer",
  params: bucketParamsSchema,
  query: listQuerySchema,
  responses: { 200: { description: "One page.", schema: listingSchema }, 404: noBucket, 503: storeDown },
} as const satisfies ApiOperation;

export const headObject = {
  id: "headObject",
  method: "get",
  path: "/files/buckets/{bucket}/object",
  tag: TAG,
  summary: "Object metadata, tags and versions",
  description: VIEWER,
  auth: "bearer",
  params: bucketParamsSchema,
  query: keyQuerySchema,
  responses: { 200: { description: "The object.", schema: objectDetailsSchema }, 404: noBucket, 503: storeDown },
} as const satisfies ApiOperation;

export const presignObjectDownload = {
  id: "presignObjectDownload",
  method: "get",
  path: "/files/buckets/{bucket}/download",
  tag: TAG,
  summary: "Presigned download URL",
  description: `A GET URL valid for FILES_DOWNLOAD_URL_EXPIRY_SECONDS; the bytes come from the store, not Strata. With versionId, a previous version. ${VIEWER}`,
  auth: "bearer",
  params: bucketParamsSchema,
  query: downloadQuerySchema,
  responses: { 200: { description: "The URL.", schema: presignedUrlSchema }, 404: noBucket },
} as const satisfies ApiOperation;

export const deleteObjectsOperation = {
  id: "deleteObjects",
  method: "post",
  path: "/files/buckets/{bucket}/delete",
  tag: TAG,
  summary: "Delete objects and folders",
  description: `Keys and folders (everything under each prefix), in DeleteObjects batches of 1,000; per-key failures are listed. For very large folders prefer an operation (POST /files/operations, kind delete). ${EDITOR}`,
  auth: "bearer",
  params: bucketParamsSchema,
  body: { schema: deleteBodySchema, maxBytes: 4 * 1024 * 1024 },
  responses: { 200: { description: "What was deleted and what was not.", schema: deleteResultSchema }, 404: noBucket },
} as const satisfies ApiOperation;

export const restoreObjectVersion = {
  id: "restoreObjectVersion",
  method: "post",
  path: "/files/buckets/{bucket}/versions/restore",
  tag: TAG,
  summary: "Restore a previous version",
  description: `Copies the version over the current object (server-side); the restore becomes the newest version. ${EDITOR}`,
  auth: "bearer",
  params: bucketParamsSchema,
  body: { schema: restoreVersionBodySchema, maxBytes: 8 * 1024 },
  responses: { 200: { description: "Restored; versionId is the version the restore created.", schema: versionResultSchema }, 404: noBucket },
} as const satisfies ApiOperation;

export const deleteObjectVersion = {
  id: "deleteObjectVersion",
  method: "delete",
  path: "/files/buckets/{bucket}/versions",
  tag: TAG,
  summary: "Delete one version for good",
  description: "Needs the admin role; audited.",
  auth: "bearer",
  params: bucketParamsSchema,
  query: versionQuerySchema,
  responses: { 200: { description: "Deleted.", schema: versionResultSchema }, 404: noBucket },
} as const satisfies ApiOperation;

export const startUploadOperation = {
  id: "startUpload",
  method: "post",
  path: "/files/uploads",
  tag: TAG,
  summary: "Start an upload (presigned PUT or multipart plan)",
  description:
    "The same checks as the console's upload: key rules (≤ 1,024 UTF-8 bytes, no control characters, no empty/./.. segments), " +
    "FILES_MAX_UPLOAD_BYTES, FILES_ALLOWED_CONTENT_TYPES / FILES_ALLOWED_EXTENSIONS. Below FILES_MULTIPART_THRESHOLD_BYTES: one PUT URL " +
    "bound to the type and length. Otherwise a multipart plan: sign parts (POST …/parts), PUT each, then complete with every part's ETag. " +
    "Always finish with POST …/complete (it checks the stored size). " +
    EDITOR,
  auth: "bearer",
  body: { schema: startUploadBodySchema, maxBytes: 16 * 1024 },
  responses: {
    201: { description: "A single PUT or a multipart plan.", schema: startedUploadSchema },
    404: { description: "No such bucket." },
    413: { description: "Larger than FILES_MAX_UPLOAD_BYTES (or the body is too large)." },
    415: { description: "The content type or extension is not allowed." },
  },
} as const satisfies ApiOperation;

export const signUploadParts = {
  id: "signUploadParts",
  method: "post",
  path: "/files/uploads/{id}/parts",
  tag: TAG,
  summary: "Sign parts of a multipart upload",
  description: `Up to 100 part numbers a call; each URL is bound to its part's exact length. ${EDITOR.replace("; audited", "")}`,
  auth: "bearer",
  params: uploadIdParamsSchema,
  body: { schema: signPartsBodySchema, maxBytes: 16 * 1024 },
  responses: {
    200: { description: "URLs by part number.", schema: signedPartsSchema },
    404: { description: "No such upload of this caller." },
    409: { description: "The upload is no longer in progress." },
  },
} as const satisfies ApiOperation;

export const listUploadParts = {
  id: "listUploadParts",
  method: "get",
  path: "/files/uploads/{id}/parts",
  tag: TAG,
  summary: "Parts the store already holds (to resume)",
  auth: "bearer",
  params: uploadIdParamsSchema,
  responses: { 200: { description: "Parts with their ETags.", schema: uploadedPartsSchema }, 404: { description: "No such upload of this caller." } },
} as const satisfies ApiOperation;

export const completeUploadOperation = {
  id: "completeUpload",
  method: "post",
  path: "/files/uploads/{id}/complete",
  tag: TAG,
  summary: "Complete an upload",
  description: `Completes the multipart upload (or checks the single PUT arrived), verifies the stored size and records the ETag. Repeating it after success is harmless. ${EDITOR}`,
  auth: "bearer",
  params: uploadIdParamsSchema,
  body: { schema: completeUploadBodySchema, maxBytes: 1024 * 1024 },
  responses: {
    200: { description: "The finished upload.", schema: uploadViewSchema },
    404: { description: "No such upload of this caller." },
    409: { description: "Not in progress, or the stored size differs from the declared size." },
  },
} as const satisfies ApiOperation;

export const abortUploadOperation = {
  id: "abortUpload",
  method: "delete",
  path: "/files/uploads/{id}",
  tag: TAG,
  summary: "Abort an upload",
  description: `Aborts the multipart upload in the store, so its parts stop taking space. ${EDITOR}`,
  auth: "bearer",
  params: uploadIdParamsSchema,
  responses: { 200: { description: "Aborted.", schema: uploadViewSchema }, 404: { description: "No such upload of this caller." }, 409: { description: "Not in progress." } },
} as const satisfies ApiOperation;

const transferDescription = (verb: string) =>
  `Server-side ${verb} of files and folders (a folder: everything under it), within or across buckets, up to 10,000 objects in the request; ` +
  `beyond that, start an operation (POST /files/operations). Every object is tried; failures are listed. ${EDITOR}`;

export const copyObjectsOperation = {
  id: "copyObjects",
  method: "post",
  path: "/files/copy",
  tag: TAG,
  summary: "Copy files and folders",
  description: transferDescription("copy"),
  auth: "bearer",
  body: { schema: transferBodySchema, maxBytes: 2 * 1024 * 1024 },
  responses: { 200: { description: "Copied.", schema: transferResultSchema }, 404: noBucket, 413: { description: "More than 10,000 objects: use an operation." } },
} as const satisfies ApiOperation;

export const moveObjectsOperation = {
  id: "moveObjects",
  method: "post",
  path: "/files/move",
  tag: TAG,
  summary: "Move (rename) files and folders",
  description: `${transferDescription("move")} A source is deleted only after its copy succeeded.`,
  auth: "bearer",
  body: { schema: transferBodySchema, maxBytes: 2 * 1024 * 1024 },
  responses: { 200: { description: "Moved.", schema: transferResultSchema }, 404: noBucket, 413: { description: "More than 10,000 objects: use an operation." } },
} as const satisfies ApiOperation;

export const startFileOperation = {
  id: "startFileOperation",
  method: "post",
  path: "/files/operations",
  tag: TAG,
  summary: "Start a folder operation (copy, move, delete, zip) as a job",
  description:
    "Any size. Recorded, with progress (GET …/{id}) and cancel; resumed after a worker is killed without copying or deleting anything twice. " +
    "A zip is written to a temporary bucket and handed out by GET …/{id}/download (it expires after a day). copy/move/delete need the editor role, zip the viewer role; audited.",
  auth: "bearer",
  body: { schema: startOperationSchema, maxBytes: 1024 * 1024 },
  responses: { 202: { description: "Queued.", schema: operationViewSchema }, 404: noBucket },
} as const satisfies ApiOperation;

export const listFileOperations = {
  id: "listFileOperations",
  method: "get",
  path: "/files/operations",
  tag: TAG,
  summary: "The caller's operations, newest first",
  auth: "bearer",
  query: listOperationsQuerySchema,
  responses: { 200: { description: "Operations.", schema: operationListSchema } },
} as const satisfies ApiOperation;

export const getFileOperation = {
  id: "getFileOperation",
  method: "get",
  path: "/files/operations/{id}",
  tag: TAG,
  summary: "An operation's state and progress",
  auth: "bearer",
  params: operationIdParamsSchema,
  responses: { 200: { description: "The operation.", schema: operationViewSchema }, 404: { description: "No such operation of this caller." } },
} as const satisfies ApiOperation;

export const cancelFileOperation = {
  id: "cancelFileOperation",
  method: "post",
  path: "/files/operations/{id}/cancel",
  tag: TAG,
  summary: "Cancel an operation",
  description: "A queued operation stops at once, a running one after the batch in flight. Audited.",
  auth: "bearer",
  params: operationIdParamsSchema,
  responses: {
    200: { description: "Cancelled or stopping.", schema: operationViewSchema },
    404: { description: "No such operation of this caller." },
    409: { description: "Already finished." },
  },
} as const satisfies ApiOperation;

export const downloadFileOperation = {
  id: "downloadFileOperation",
  method: "get",
  path: "/files/operations/{id}/download",
  tag: TAG,
  summary: "Presigned download of a finished zip",
  auth: "bearer",
  params: operationIdParamsSchema,
  responses: {
    200: { description: "The URL.", schema: presignedUrlSchema },
    404: { description: "No such operation of this caller." },
    409: { description: "The zip is not ready." },
  },
} as const satisfies ApiOperation;

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
