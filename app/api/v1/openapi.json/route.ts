import { buildOpenApiDocument } from "@/lib/api/openapi";

/**
 * The OpenAPI document of /api/v1. Public on purpose: it holds no data or secrets, and client generators
 * and API explorers fetch it before they have a token. (/api/v1 is already outside the session gate.)
 */
export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
