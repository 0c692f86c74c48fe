import { HttpError, badRequest, conflict, notFound, payloadTooLarge, unavailable } from "@/lib/http/errors";

/**
 * The one place where what an S3 store answered becomes an answer for the caller. `describeError` uses it for
 * any SDK error that reaches a route, so no route needs its own translation; `what` names the thing asked for.
 */

type S3Failure = { name?: string; Code?: string; code?: string; $metadata?: { httpStatusCode?: number } };

/** The S3 error code (`NoSuchKey`, `BucketNotEmpty`…) of a failed call, or the network error code. */
export function s3ErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as S3Failure;
  return e.Code ?? (e.name && e.name !== "Error" ? e.name : undefined) ?? e.code;
}

export function s3Status(error: unknown): number | undefined {
  return typeof error === "object" && error !== null ? (error as S3Failure).$metadata?.httpStatusCode : undefined;
}

/** An error the AWS SDK produced (a service answer carries `$metadata`). */
export function isS3Error(error: unknown): boolean {
  return typeof error === "object" && error !== null && "$metadata" in error;
}

export function isS3NotFound(error: unknown): boolean {
  const code = s3ErrorCode(error);
  return s3Status(error) === 404 || code === "NoSuchKey" || code === "NotFound" || code === "NoSuchBucket" || code === "NoSuchUpload";
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "TimeoutError"]);

const BY_CODE: Record<string, (what: string) => HttpError> = {
  InvalidBucketName: (what) => badRequest(`${what}: that is not a valid bucket name.`),
  NoSuchBucket: (what) => notFound(`${what}: the bucket does not exist.`),
  NoSuchKey: (what) => notFound(`${what}: not found.`),
  NoSuchUpload: (what) => notFound(`${what}: the upload does not exist (finished or aborted).`),
  NotFound: (what) => notFound(`${what}: not found.`),
  BucketNotEmpty: (what) => conflict(`${what}: the bucket is not empty.`),
  BucketAlreadyExists: (what) => conflict(`${what}: a bucket with that name exists already.`),
  BucketAlreadyOwnedByYou: (what) => conflict(`${what}: a bucket with that name exists already.`),
  EntityTooLarge: (what) => payloadTooLarge(`${what}: larger than the object store accepts.`),
  InvalidArgument: (what) => badRequest(`${what}: the object store rejected an argument.`),
  KeyTooLongError: (what) => badRequest(`${what}: the object key is too long.`),
  InvalidRange: (what) => new HttpError("range_not_satisfiable", `${what}: the range is outside the object.`),
  PreconditionFailed: (what) => new HttpError("precondition_failed", `${what}: the object changed meanwhile.`),
  AccessDenied: (what) => new HttpError("store_refused", `${what}: the object store refused Strata's credentials (AccessDenied).`),
  SlowDown: (what) => unavailable(`${what}: the object store asks to slow down; try again.`),
};

/**
 * The HttpError an S3 failure answers with, or null when it is not one this module knows (a 500 then, with
 * the detail in the server log).
 */
export function httpErrorFromS3(error: unknown, what = "The object store"): HttpError | null {
  const code = s3ErrorCode(error);
  const known = code ? BY_CODE[code] : undefined;
  if (known) return known(what);
  if (code && UNREACHABLE.has(code)) return unavailable(`${what}: the object store is not answering (${code}).`);
  if (!isS3Error(error)) return null;
  const status = s3Status(error);
  if (status === 404) return notFound(`${what}: not found.`);
  if (status === 403) return BY_CODE.AccessDenied!(what);
  if (status === 400) return badRequest(`${what}: the object store rejected the request (${code ?? "400"}).`);
  if (status !== undefined && status >= 500) return unavailable(`${what}: the object store failed (${code ?? status}); try again.`);
  return null;
}
