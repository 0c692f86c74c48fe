import type { ApiOperation } from "./operation";

/** Operations about the API itself. */

export const getOpenApiDocument = {
  id: "getOpenApiDocument",
  method: "get",
  path: "/openapi.json",
  tag: "meta",
  summary: "This document",
  description: "Public: it holds no data, and generators fetch it before they have a token.",
  auth: "none",
  responses: { 200: { description: "OpenAPI 3.1 document of /api/v1." } },
} as const satisfies ApiOperation;

export const metaOperations: ApiOperation[] = [getOpenApiDocument];
