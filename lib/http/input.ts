import type { z } from "zod";
import { badRequest, payloadTooLarge } from "./errors";

/**
 * The one way a route handler reads its input: a JSON body or a query string, checked against a zod schema
 * (400 `invalid_request` with one detail per field when it does not fit). An /api/v1 handler passes its
 * operation's own `body`/`query`, so what the OpenAPI document promises is what the code checks.
 */

// PostgreSQL text cannot hold U+0000: refused here as a 400 rather than failing as a 500 in the query (found by fuzzing).
const NUL_MESSAGE = "Text may not contain the NUL character (U+0000).";

/** The default bound on a JSON body, for bodies that carry a few fields. */
export const DEFAULT_BODY_BYTES = 64 * 1024;

export type JsonBodySpec<S extends z.ZodType> = { schema: S; maxBytes?: number };

/** Parses a JSON body with a size bound, answering 413/400 with a clear message instead of a crash. */
export async function readJsonBody<S extends z.ZodType>(request: Request, { schema, maxBytes = DEFAULT_BODY_BYTES }: JsonBodySpec<S>): Promise<z.output<S>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(`The body is ${declared} bytes; the limit is ${maxBytes}.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw payloadTooLarge(`The body is larger than the limit of ${maxBytes} bytes.`);
  if (text.trim() === "") throw badRequest("The request needs a JSON body.");
  let json: unknown;
  let nul = false;
  try {
    json = JSON.parse(text, (key, value: unknown) => {
      if (key.includes("\u0000") || (typeof value === "string" && value.includes("\u0000"))) nul = true;
      return value;
    });
  } catch {
    throw badRequest("The body is not valid JSON.");
  }
  if (nul) throw badRequest(NUL_MESSAGE);
  return schema.parse(json);
}

/** Query parameters checked against a schema; a parameter given twice is refused rather than silently picked. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in raw) throw badRequest(`The query parameter ${name} is given more than once.`);
    if (name.includes("\u0000") || value.includes("\u0000")) throw badRequest(NUL_MESSAGE);
    raw[name] = value;
  }
  return schema.parse(raw);
}
