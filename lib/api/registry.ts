import { contextsOperations } from "@/lib/contexts/api-operations";
import { filesOperations } from "@/lib/files/api-operations";
import { modelsOperations } from "@/lib/models/api-operations";
import { outputsOperations } from "@/lib/outputs/api-operations";
import { searchOperations } from "@/lib/search/api-operations";
import { metaOperations } from "./meta-operations";
import type { ApiOperation } from "./operation";

/**
 * Every operation of /api/v1, collected from the capabilities that serve them. A capability adds one line
 * here (keep everyone's lines when merging); tests/contexts/openapi.test.ts checks the list matches the
 * route files under app/api/v1 exactly.
 */
export const apiOperations: ApiOperation[] = [...metaOperations, ...contextsOperations, ...outputsOperations, ...searchOperations, ...modelsOperations, ...filesOperations];
