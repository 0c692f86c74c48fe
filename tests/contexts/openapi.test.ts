import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { appendInputSchema, contextInputSchema, limits } from "@/lib/contexts/schemas";
import { errorCodes } from "@/lib/http/errors";

const apiRoot = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every (METHOD, /path) the route files under app/api/v1 export, with [param] folders as {param}. */
function routesOnDisk(dir = apiRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routesOnDisk(full);
    if (entry.name !== "route.ts") return [];
    const route = `/${path.relative(apiRoot, dir)}`.replace(/\[([^\]]+)\]/g, "{$1}");
    const methods = [...readFileSync(full, "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    return methods.map((m) => `${m} ${route}`);
  });
}

type Doc = ReturnType<typeof buildOpenApiDocument>;

function validator(doc: Doc, ref: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ components: doc.components, $ref: ref });
}

describe("the OpenAPI document of /api/v1", () => {
  const doc = buildOpenApiDocument();

  test("lists exactly the routes the app serves", () => {
    const documented = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(routesOnDisk().sort());
  });

  test("is served publicly as JSON, OpenAPI 3.1, with the bearer and client-credentials schemes", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    const served = (await response.json()) as Doc;
    expect(served.openapi).toBe("3.1.0");
    expect(served.components.securitySchemes.keycloak.flows.clientCredentials.tokenUrl).toMatch(/\/protocol\/openid-connect\/token$/);
    expect(served.paths["/contexts/{userId}/{conversationId}"]).toHaveProperty("put");
  });

  test("every schema compiles as JSON Schema 2020-12 and every $ref resolves", () => {
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(name!);
    for (const name of Object.keys(doc.components.schemas)) expect(() => validator(doc, `#/components/schemas/${name}`)).not.toThrow();
  });

  test("documents the path parameters, limits and error shapes the handlers enforce", () => {
    const put = doc.paths["/contexts/{userId}/{conversationId}"]!.put as {
      parameters: { name: string; in: string; required: boolean; schema: { pattern?: string; maxLength?: number } }[];
      requestBody: { description: string };
      responses: Record<string, unknown>;
    };
    expect(put.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ["userId", "path", true],
      ["conversationId", "path", true],
    ]);
    expect(put.parameters[0]!.schema.maxLength).toBe(limits.idChars);
    expect(put.requestBody.description).toContain(String(limits.putBodyBytes));
    expect(Object.keys(put.responses)).toEqual(["200", "201", "400", "401", "403", "409", "413", "431", "500"]);
    // Node answers an oversize request line before any route: documented, with no body.
    expect(put.responses["431"]).toEqual({ description: expect.stringContaining("16 KiB") });
    const list = doc.paths["/contexts/{userId}"]!.get as { parameters: { name: string; in: string; required: boolean }[] };
    expect(list.parameters.filter((p) => p.in === "query").map((p) => [p.name, p.required])).toEqual([
      ["limit", false],
      ["cursor", false],
    ]);
  });

  test("the document's request schemas accept and refuse the same bodies the handlers do", () => {
    const bodies: { schema: typeof contextInputSchema | typeof appendInputSchema; ref: string; samples: unknown[] }[] = [
      {
        schema: contextInputSchema,
        ref: "#/components/schemas/ContextInput",
        samples: [
          { messages: [] },
          { title: "t", tags: ["a"], metadata: { n: 1 }, messages: [{ role: "user", content: "hi", createdAt: "2026-01-02T03:04:05Z" }] },
          { messages: [{ role: "robot", content: "x" }] },
          { messages: [{ role: "user" }] },
          { messages: [], extra: true },
          { tags: ["x".repeat(limits.tagChars + 1)] },
          { messages: [{ role: "tool", content: "", toolCallId: "c1", toolCalls: [{ id: "c1", function: { name: "f", arguments: "{}" } }] }] },
          { messages: [{ role: "user", content: "x", createdAt: "yesterday" }] },
        ],
      },
      {
        schema: appendInputSchema,
        ref: "#/components/schemas/AppendInput",
        samples: [{ messages: [{ role: "assistant", content: "ok" }] }, { messages: [] }, {}, { messages: [{ role: "user", content: 3 }] }],
      },
    ];
    for (const { schema, ref, samples } of bodies) {
      const validate = validator(doc, ref);
      for (const sample of samples) expect([JSON.stringify(sample), validate(sample)]).toEqual([JSON.stringify(sample), schema.safeParse(sample).success]);
    }
  });

  test("the Error schema enumerates every error code the server answers with, and nothing else", () => {
    const code = (doc.components.schemas.Error as { properties: { error: { properties: { code: { enum: string[]; description: string } } } } }).properties.error.properties.code;
    expect(code.enum.sort()).toEqual(Object.keys(errorCodes).sort());
    for (const name of Object.keys(errorCodes)) expect(code.description).toContain(`\`${name}\``);
    expect(validator(doc, "#/components/schemas/Error")({ error: { code: "index_not_ready", message: "building" } })).toBe(true);
    expect(validator(doc, "#/components/schemas/Error")({ error: { code: "made_up", message: "x" } })).toBe(false);
  });

  test("the registry points one way: operation modules import only the ApiOperation type and the builder from lib/api", () => {
    const libRoot = path.resolve(import.meta.dirname, "../../lib");
    const modules = readdirSync(libRoot, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "api" && d.name !== "generated")
      .map((d) => path.join(libRoot, d.name, "api-operations.ts"))
      .filter((file) => readdirSync(path.dirname(file)).includes("api-operations.ts"));
    expect(modules.length).toBeGreaterThan(0);
    for (const file of modules) {
      const imports = [...readFileSync(file, "utf8").matchAll(/^import (type )?[^;]*from "(@\/lib\/api\/[^"]+)";/gm)].map((m) => `${m[1] ?? ""}${m[2]}`);
      const allowed = ["type @/lib/api/operation", "@/lib/api/define"];
      expect([path.relative(libRoot, file), imports]).toEqual([path.relative(libRoot, file), imports.filter((i) => allowed.includes(i))]);
    }
    for (const file of ["api/operation.ts", "api/define.ts"]) expect(readFileSync(path.join(libRoot, file), "utf8")).not.toMatch(/^import (?!type )/m);
  });
});
