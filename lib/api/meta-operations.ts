import { operationGroup } from "./define";
import type { ApiOperation } from "./operation";

/** Operations about the API itself. */

export const getOpenApiDocument = operationGroup("meta").get("getOpenApiDocument", "/openapi.json", {
  summary: "This document",
  description: "Public: it holds no data, and generators fetch it before they have a token.",
  auth: "none",
  responses: { 200: { description: "OpenAPI 3.1 document of /api/v1." } },
});

export const metaOperations: ApiOperation[] = [getOpenApiDocument];
