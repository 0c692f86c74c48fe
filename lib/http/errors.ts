import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { logger } from "@/lib/log/logger";
import { httpErrorFromS3, isS3Error } from "@/lib/s3/errors";

// The brand is a registered symbol, the same in every server chunk: Next bundles this module into several
// chunks, and a store kept on globalThis throws the HttpError class of the chunk that created it, so a plain
// `instanceof` in another chunk fails and a 409 became a 500.
const HTTP_ERROR = Symbol.for("strata.http-error");

/** Whether a value is an HttpError, whichever copy of this module created it. */
export function isHttpError(value: unknown): value is HttpError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[HTTP_ERROR] === true;
}

/** An error whose message is safe to show to the caller, with the HTTP status that describes it. */
export class HttpError extends Error {
  readonly [HTTP_ERROR] = true;

  /** `instanceof HttpError` answers by the brand, so existing checks hold across chunks too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isHttpError(value);
  }

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, "bad_request", message, details);
export const unauthorized = (message = "Sign in first, or send a valid bearer token.") =>
  new HttpError(401, "unauthorized", message);
export const forbiddenError = (message: string) => new HttpError(403, "forbidden", message);
export const notFound = (message: string) => new HttpError(404, "not_found", message);
export const conflict = (message: string) => new HttpError(409, "conflict", message);
export const gone = (message: string) => new HttpError(410, "gone", message);
export const payloadTooLarge = (message: string) => new HttpError(413, "payload_too_large", message);
export const unavailable = (message: string) => new HttpError(503, "unavailable", message);

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** The status and body any thrown value answers with; unknown errors become a 500 whose detail stays in the log. */
export function describeError(error: unknown): { status: number; body: ErrorBody } {
  // SDK errors carry `$metadata`; anything else (a PostgreSQL or Redis failure) is not the object store's.
  const known = isHttpError(error) ? error : isS3Error(error) ? httpErrorFromS3(error) : null;
  if (known) {
    const details = known.details === undefined ? {} : { details: known.details };
    return { status: known.status, body: { error: { code: known.code, message: known.message, ...details } } };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
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
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on the server; the error is in the server log." } } };
}

export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  const { status, body } = describeError(error);
  return NextResponse.json(body, { status });
}

/** Parses a JSON body with a size bound, answering 413/400 with a clear message instead of a crash. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(`The body is ${declared} bytes; the limit is ${maxBytes}.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw payloadTooLarge(`The body is larger than the limit of ${maxBytes} bytes.`);
  if (text.trim() === "") throw badRequest("The request needs a JSON body.");
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON.");
  }
}
