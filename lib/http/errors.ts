import { NextResponse } from "next/server";
import { z, ZodError } from "zod";
import { logger } from "@/lib/log/logger";
import { httpErrorFromS3, isS3Error } from "@/lib/s3/errors";
import { unreachableDependency, unreachableMessage } from "./dependency-errors";

// The brand is a registered symbol, the same in every server chunk: Next bundles this module into several
// chunks, and a store kept on globalThis throws the HttpError class of the chunk that created it, so a plain
// `instanceof` in another chunk fails and a 409 became a 500.
const HTTP_ERROR = Symbol.for("strata.http-error");

/** Whether a value is an HttpError, whichever copy of this module created it. */
export function isHttpError(value: unknown): value is HttpError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[HTTP_ERROR] === true;
}

/**
 * Every error code Strata answers with, and the HTTP status it carries: a closed set, so clients can
 * switch on `error.code` and the OpenAPI document can list them. A new kind of failure gets a code here
 * (the type checker then refuses a typo anywhere else).
 */
export const errorCodes = {
  bad_request: 400,
  invalid_request: 400,
  upload_refused: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  capacity_exceeded: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_type: 415,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  precondition_failed: 412,
  range_not_satisfiable: 416,
  cross_origin: 403,
  not_supported_by_store: 422,
  rate_limited: 429,
  internal: 500,
  store_refused: 502,
  unavailable: 503,
  index_not_ready: 503,
  embedding_unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCodes;

export const errorCodeSchema = z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]);

/** What each code means, for the OpenAPI document and docs/api.md. */
export const errorCodeMeanings: Record<ErrorCode, string> = {
  bad_request: "The request cannot be understood as sent (malformed JSON, a repeated query parameter, an impossible value).",
  invalid_request: "The body, path or query does not fit its schema; `details` has one { path, message } per field.",
  upload_refused: "The upload breaks this bucket's upload policy (size or name).",
  unauthorized: "No valid session or bearer token.",
  forbidden: "Signed in, but the roles do not allow this; the message names the role needed.",
  not_found: "The thing asked for does not exist (or is not visible to the caller).",
  conflict: "The request contradicts the current state (already exists, already in that tier, too many messages).",
  capacity_exceeded: "A tier or collection is full; free space or raise its capacity first.",
  gone: "It existed but has expired or been revoked.",
  payload_too_large: "The body or file is larger than this operation accepts.",
  unsupported_type: "The file's type is not accepted here.",
  unsupported_media_type: "The request body is not JSON; route handlers read `application/json` only.",
  method_not_allowed: "The HTTP method is not one Strata answers (TRACE, CONNECT, invented ones).",
  precondition_failed: "The object changed since the caller last read it.",
  range_not_satisfiable: "The requested byte range lies outside the object.",
  cross_origin: "A state-changing request came from another origin than the console's (cross-site request forgery).",
  not_supported_by_store: "The object store does not implement what was asked (e.g. lifecycle Transition on SeaweedFS); nothing was changed.",
  rate_limited: "Too many requests; wait and try again.",
  internal: "An unexpected error; the server log has the detail.",
  store_refused: "The object store refused Strata's own credentials.",
  unavailable: "A dependency Strata needs is down; the message names it.",
  index_not_ready: "The search index is still being built or re-indexed; try again shortly.",
  embedding_unavailable: "The embedding model or provider cannot be reached or loaded.",
};

/** An error whose message is safe to show to the caller; its code decides the HTTP status. */
export class HttpError extends Error {
  readonly [HTTP_ERROR] = true;
  readonly status: number;

  /** `instanceof HttpError` answers by the brand, so existing checks hold across chunks too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isHttpError(value);
  }

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
    this.status = errorCodes[code];
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError("bad_request", message, details);
export const unauthorized = (message = "Sign in first, or send a valid bearer token.") => new HttpError("unauthorized", message);
export const forbiddenError = (message: string) => new HttpError("forbidden", message);
export const notFound = (message: string) => new HttpError("not_found", message);
export const conflict = (message: string) => new HttpError("conflict", message);
export const gone = (message: string) => new HttpError("gone", message);
export const payloadTooLarge = (message: string) => new HttpError("payload_too_large", message);
export const unavailable = (message: string) => new HttpError("unavailable", message);

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

/** The status and body any thrown value answers with; unknown errors become a 500 whose detail stays in the log. */
export function describeError(error: unknown): { status: number; body: ErrorBody } {
  // SDK errors carry `$metadata`; anything else (a PostgreSQL or Redis failure) is not the object store's.
  const known = isHttpError(error) ? error : isS3Error(error) ? httpErrorFromS3(error) : null;
  if (known) {
    const details = known.details === undefined ? {} : { details: known.details };
    return { status: known.status, body: { error: { code: known.code, message: known.message, ...details } } };
  }
  const dependency = unreachableDependency(error);
  if (dependency) {
    logger().warn({ err: error, dependency }, "a dependency is unreachable");
    return { status: errorCodes.unavailable, body: { error: { code: "unavailable", message: unreachableMessage(dependency), details: { dependency } } } };
  }
  if (error instanceof ZodError) {
    return {
      status: errorCodes.invalid_request,
      body: {
        error: {
          code: "invalid_request",
          message: "The request body or parameters are invalid; see details for each field.",
          details: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        },
      },
    };
  }
  logger().error({ err: error }, "unhandled error in request");
  return { status: errorCodes.internal, body: { error: { code: "internal", message: "Something went wrong on the server; the error is in the server log." } } };
}

export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  const { status, body } = describeError(error);
  return NextResponse.json(body, { status });
}
