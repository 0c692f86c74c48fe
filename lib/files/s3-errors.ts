import { HttpError, badRequest, notFound, unavailable } from "@/lib/http/errors";

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

export function isS3NotFound(error: unknown): boolean {
  const code = s3ErrorCode(error);
  return s3Status(error) === 404 || code === "NoSuchKey" || code === "NotFound" || code === "NoSuchBucket" || code === "NoSuchUpload";
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "TimeoutError"]);

/**
 * Turns what S3 answered into an error the caller can read, naming the thing that was asked for.
 * Unknown failures stay as they are (a 500 with the detail in the server log).
 */
export function explainS3Error(error: unknown, what: string): unknown {
  if (error instanceof HttpError) return error;
  const code = s3ErrorCode(error);
  if (code === "NoSuchBucket") return notFound(`${what}: the bucket does not exist.`);
  if (isS3NotFound(error)) return notFound(`${what}: not found.`);
  if (code === "AccessDenied" || s3Status(error) === 403) {
    return new HttpError("store_refused", `${what}: the object store refused Strata's credentials (AccessDenied).`);
  }
  if (code && UNREACHABLE.has(code)) return unavailable(`${what}: the object store is not answering (${code}).`);
  const status = s3Status(error);
  if (status === 400) return badRequest(`${what}: the object store rejected the request (${code ?? "400"}).`);
  if (status !== undefined && status >= 500) return unavailable(`${what}: the object store failed (${code ?? status}); try again.`);
  return error;
}
