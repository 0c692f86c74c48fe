import type { z } from "zod";

/**
 * One /api/v1 endpoint, described once: its route handler parses input with these schemas and the OpenAPI
 * document (`./openapi.ts`) is built from them. This module imports nothing at run time, so any capability
 * can describe its operations (`lib/<capability>/api-operations.ts`) without depending on the document;
 * `./registry.ts` collects them. Build each with `operationGroup(tag)` (`./define.ts`), which fills in the tag,
 * auth, the 404 of a resource and the page of a list, and keeps the exact schema types for the handler.
 */

export type HttpMethod = "get" | "put" | "post" | "patch" | "delete";

export type ApiResponse = { description: string; schema?: z.ZodType };

export type ApiOperation = {
  /** operationId: unique, camelCase. */
  id: string;
  method: HttpMethod;
  /** Below /api/v1, with `{name}` for each path parameter, e.g. `/contexts/{userId}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** "bearer" needs a Keycloak access token; "none" is public. */
  auth: "bearer" | "none";
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Read with `readJsonBody(request, operation.body)` (lib/http/input.ts). */
  body?: { schema: z.ZodType; maxBytes: number; description?: string };
  /** Success and specific error statuses; 400/401/403/413/500 are added where they apply. */
  responses: Record<number, ApiResponse>;
};
