import { z } from "zod";
import { env } from "@/lib/config/env";
import { errorCodeMeanings, errorCodeSchema } from "@/lib/http/errors";
import type { ApiOperation, ApiResponse } from "./operation";
import { apiOperations } from "./registry";

/**
 * The OpenAPI 3.1 document of /api/v1, built from the operations in `./registry.ts` — the same zod schemas
 * the route handlers validate with (`op.params.parse`, `readQuery(url, op.query)`, `readJsonBody(request,
 * op.body)`), so what the document promises is what the code checks.
 */

export const errorBodySchema = z
  .object({
    error: z.object({
      code: errorCodeSchema.meta({
        description: `Stable and machine-readable. ${Object.entries(errorCodeMeanings)
          .map(([code, meaning]) => `\`${code}\`: ${meaning}`)
          .join(" ")}`,
      }),
      message: z.string().meta({ description: "What went wrong and what to do, in a sentence." }),
      details: z.unknown().optional().meta({ description: "For invalid_request: one { path, message } per invalid field." }),
    }),
  })
  .meta({ id: "Error" });

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

const requestTooLarge = "The request line and headers together exceed 16 KiB (Node's limit); answered by the HTTP server with an empty body. Shorten the path or query.";

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
  const documented = [...statuses.entries()].map(([status, r]): [number, { description: string; content?: object }] => {
    const schema = r.schema === errorBodySchema || (!r.schema && status >= 400) ? errorRef : r.schema ? components.add(r.schema, "output") : null;
    return [status, { description: r.description, ...(schema ? { content: { "application/json": { schema } } } : {}) }];
  });
  // Node's HTTP server answers 431 (empty body) before any route runs when the request line and headers pass
  // 16 KiB: a path or query that long (a key of multi-byte characters percent-encodes to 9-12 bytes each) gets it.
  if ((op.params || op.query) && !statuses.has(431)) documented.push([431, { description: requestTooLarge }]);
  const responses = Object.fromEntries(documented.sort(([a], [b]) => a - b).map(([status, r]) => [String(status), r]));
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
