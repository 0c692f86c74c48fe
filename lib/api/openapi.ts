import { z } from "zod";
import { env } from "@/lib/config/env";
import { badRequest, readJsonBody } from "@/lib/http/errors";
import { contextsOperations } from "@/lib/contexts/api-operations";
import { modelsOperations } from "@/lib/models/api-operations";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the route handlers validate
 * with: a handler reads its input through `parseParams`/`parseQuery`/`parseBody` of its operation, so what
 * the document promises is what the code checks. To add endpoints, a capability describes each as
 * `{ … } as const satisfies ApiOperation` (a type-only import, so no import cycle) in its own module and
 * appends the list to `apiOperations` below; tests/contexts/openapi.test.ts checks every /api/v1 route is listed.
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
  body?: { schema: z.ZodType; maxBytes: number; description?: string };
  responses: Record<number, ApiResponse>;
};

const getOpenApiDocument = {
  id: "getOpenApiDocument",
  method: "get",
  path: "/openapi.json",
  tag: "meta",
  summary: "This document",
  description: "Public: it holds no data, and generators fetch it before they have a token.",
  auth: "none",
  responses: { 200: { description: "OpenAPI 3.1 document of /api/v1." } },
} as const satisfies ApiOperation;

/** Every operation of /api/v1; a capability appends its own list. */
export const apiOperations: ApiOperation[] = [getOpenApiDocument, ...contextsOperations, ...modelsOperations];

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable, machine-readable: bad_request, invalid_request, unauthorized, forbidden, not_found, conflict, payload_too_large, internal…" }),
      message: z.string().meta({ description: "What went wrong and what to do, in a sentence." }),
      details: z.unknown().optional().meta({ description: "For invalid_request: one { path, message } per invalid field." }),
    }),
  })
  .meta({ id: "Error" });

type ParsedOf<S> = S extends z.ZodType ? z.output<S> : never;

export function parseParams<O extends ApiOperation>(operation: O, raw: unknown): ParsedOf<O["params"]> {
  if (!operation.params) throw new Error(`${operation.id} declares no path parameters`);
  return operation.params.parse(raw) as ParsedOf<O["params"]>;
}

export function parseQuery<O extends ApiOperation>(operation: O, url: URL): ParsedOf<O["query"]> {
  if (!operation.query) throw new Error(`${operation.id} declares no query parameters`);
  const raw: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in raw) throw badRequest(`The query parameter ${name} is given more than once.`);
    raw[name] = value;
  }
  return operation.query.parse(raw) as ParsedOf<O["query"]>;
}

export async function parseBody<O extends ApiOperation>(
  operation: O,
  request: Request,
): Promise<ParsedOf<NonNullable<O["body"]>["schema"]>> {
  if (!operation.body) throw new Error(`${operation.id} declares no body`);
  const json = await readJsonBody(request, operation.body.maxBytes);
  return operation.body.schema.parse(json) as ParsedOf<NonNullable<O["body"]>["schema"]>;
}

type JsonSchema = Record<string, unknown>;

/** Moves zod's `$defs` to components and points every `$ref` there. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? v.replace("#/$defs/", "#/components/schemas/") : rewriteRefs(v)]),
    );
  }
  return value;
}

class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The schema to embed at its use, named schemas going to components; "input" for requests, "output" for responses. */
  add(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const { $schema: _dialect, $defs = {}, ...root } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    for (const [name, def] of Object.entries($defs)) {
      const rewritten = rewriteRefs(def) as JsonSchema;
      const existing = this.schemas[name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(rewritten)) {
        throw new Error(`Two different schemas are both named ${name} in the OpenAPI document (request and response shapes differ?)`);
      }
      this.schemas[name] = rewritten;
    }
    return rewriteRefs(root) as JsonSchema;
  }
}

const standardErrors: Record<number, string> = {
  400: "The path, query or body is invalid; details name each field.",
  401: "No bearer token, or one that is expired or not issued for Strata.",
  403: "The token's roles do not allow this.",
  413: "The body is larger than this operation accepts.",
  500: "An unexpected error; the server log has the detail.",
};

function parametersOf(components: Components, schema: z.ZodObject | undefined, location: "path" | "query") {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = components.add(field as z.ZodType, "input");
    const { description, ...fieldSchema } = json;
    return {
      name,
      in: location,
      required: location === "path" || !(field as z.ZodType).safeParse(undefined).success,
      ...(typeof description === "string" ? { description } : {}),
      schema: fieldSchema,
    };
  });
}

function operationObject(components: Components, op: ApiOperation, errorRef: JsonSchema) {
  const statuses = new Map<number, ApiResponse>(Object.entries(op.responses).map(([s, r]) => [Number(s), r]));
  const auto = [op.params || op.query || op.body ? 400 : 0, op.auth === "bearer" ? 401 : 0, op.auth === "bearer" ? 403 : 0, op.body ? 413 : 0, 500];
  for (const status of auto) if (status && !statuses.has(status)) statuses.set(status, { description: standardErrors[status]!, schema: errorBodySchema });
  const responses = Object.fromEntries(
    [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, r]) => {
        const schema = r.schema === errorBodySchema || (!r.schema && status >= 400) ? errorRef : r.schema ? components.add(r.schema, "output") : null;
        return [String(status), { description: r.description, ...(schema ? { content: { "application/json": { schema } } } : {}) }];
      }),
  );
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(op.auth === "none" ? { security: [] } : {}),
    parameters: [...parametersOf(components, op.params, "path"), ...parametersOf(components, op.query, "query")],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            description: `${op.body.description ? `${op.body.description} ` : ""}At most ${op.body.maxBytes} bytes.`,
            content: { "application/json": { schema: components.add(op.body.schema, "input") } },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(operations: ApiOperation[] = apiOperations) {
  const { OIDC_ISSUER, BASE_PATH, APP_URL } = env();
  const components = new Components();
  const errorRef = components.add(errorBodySchema, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  const ids = new Set<string>();
  for (const op of operations) {
    if (ids.has(op.id)) throw new Error(`Two API operations share the id ${op.id}`);
    ids.add(op.id);
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is defined twice`);
    item[op.method] = operationObject(components, op, errorRef);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Strata API",
      version: "1",
      description:
        "The API AI services call. Authenticate with a Keycloak access token (client credentials for services): " +
        "`Authorization: Bearer <token>`. Errors are JSON: `{ error: { code, message, details? } }`. Guide: docs/api.md.",
    },
    servers: [{ url: `${APP_URL}${BASE_PATH}/api/v1` }],
    security: [{ bearer: [] }, { keycloak: [] }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "A Keycloak access token whose audience includes the Strata API." },
        keycloak: {
          type: "oauth2",
          description: "Keycloak's client credentials grant, for services.",
          flows: { clientCredentials: { tokenUrl: `${OIDC_ISSUER}/protocol/openid-connect/token`, scopes: {} } },
        },
      },
      schemas: components.schemas,
    },
  };
}
