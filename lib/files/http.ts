import type { z } from "zod";
import type { Principal } from "@/lib/auth/roles";
import { readJsonBody } from "@/lib/http/errors";
import { originFromHeaders } from "@/lib/http/origin";
import type { Caller } from "./caller";

/** The caller of a route handler: the signed-in principal and where the request came from (for the audit log). */
export function callerOf(principal: Principal, request: Request): Caller {
  return { actor: principal, origin: originFromHeaders(request.headers) };
}

/** A JSON body checked against its schema (400 with per-field details when it does not fit). */
export async function jsonBody<S extends z.ZodType>(request: Request, schema: S, maxBytes = 64 * 1024): Promise<z.output<S>> {
  return schema.parse(await readJsonBody(request, maxBytes));
}
