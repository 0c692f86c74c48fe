/**
 * Checks recorded HTTP exchanges against Qdrant's OpenAPI document (v1.19.0, plus the
 * strata supplement for the 1.18 search/recommend endpoints): the request's path and
 * method select the operation, and the response body must validate against that
 * operation's schema for the status code (200 body, or ErrorResponse for 4XX/default).
 *
 * OpenAPI 3.0 is not JSON Schema: `nullable` is rewritten to a "null" type, and the
 * `{"nullable": true}` arm Qdrant uses inside anyOf becomes `{"type": "null"}` (so it
 * cannot silently accept anything). Qdrant's integer formats are checked as ranges.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface Operation {
  id: string;
  method: string;
  template: string;
  segments: string[];
  literals: number;
  responses: JsonObject;
}

export interface Exchange {
  method: string;
  url: string;
  status: number;
  contentType: string;
  requestBody?: string;
  responseBody: string;
}

export interface Verdict {
  exchange: Exchange;
  operation?: string;
  errors: string[];
}

const OPENAPI_DIR = path.resolve(import.meta.dirname, "..", "openapi");

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const DROP = new Set(["description", "example", "deprecated", "default", "title"]);

/** Rewrites an OpenAPI 3.0 schema into JSON Schema (draft-07 flavour ajv understands). */
export function toJsonSchema(s: Json): Json {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!isObject(s)) return s;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(s)) {
    if (DROP.has(k) || k === "nullable") continue;
    if (k === "$ref" && typeof v === "string") out[k] = v.replace("#/components/schemas/", "qdrant#/definitions/");
    else if (k === "properties" && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, toJsonSchema(pv)]));
    else out[k] = toJsonSchema(v);
  }
  if (s.nullable === true) {
    const meaningful = Object.keys(s).filter((k) => !DROP.has(k) && k !== "nullable");
    if (meaningful.length === 0) return { type: "null" };
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (out.$ref || out.anyOf || out.oneOf) return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  uint: [0n, 2n ** 64n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint8: [0n, 255n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

export class Contract {
  private ajv: Ajv;
  private ops: Operation[] = [];
  private compiled = new Map<string, ValidateFunction>();

  constructor() {
    const main = JSON.parse(readFileSync(path.join(OPENAPI_DIR, "qdrant-openapi.json"), "utf8")) as JsonObject;
    const legacy = JSON.parse(readFileSync(path.join(OPENAPI_DIR, "strata-legacy.json"), "utf8")) as JsonObject;
    const schemas: JsonObject = {};
    for (const doc of [main, legacy]) {
      const comps = doc.components;
      if (isObject(comps) && isObject(comps.schemas)) Object.assign(schemas, comps.schemas);
      const paths = doc.paths;
      if (!isObject(paths)) continue;
      for (const [template, item] of Object.entries(paths)) {
        if (!isObject(item)) continue;
        for (const [method, op] of Object.entries(item)) {
          if (!isObject(op) || !isObject(op.responses)) continue;
          const segments = template.split("/").filter(Boolean);
          this.ops.push({
            id: String(op.operationId),
            method: method.toUpperCase(),
            template,
            segments,
            literals: segments.filter((s) => !s.startsWith("{")).length,
            responses: op.responses,
          });
        }
      }
    }
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    for (const [name, [lo, hi]] of Object.entries(INT_RANGES)) {
      // compared as doubles: JSON.parse rounds integers above 2^53 (2^64 - 1 reads as 2^64), so
      // point ids are also checked exactly on the raw text (see exactIdErrors)
      this.ajv.addFormat(name, {
        type: "number",
        validate: (n: number) => Number.isInteger(n) && n >= Number(lo) && n <= Number(hi),
      });
    }
    this.ajv.addFormat("float", { type: "number", validate: (n: number) => Number.isFinite(n) });
    this.ajv.addFormat("double", { type: "number", validate: (n: number) => Number.isFinite(n) });
    this.ajv.addFormat("partial-date-time", true);
    this.ajv.addFormat("binary", true);
    this.ajv.addSchema({ $id: "qdrant", definitions: toJsonSchema(schemas) as JsonObject });
  }

  /** The operation a method + URL path resolves to (most literal segments wins). */
  operation(method: string, pathname: string): Operation | undefined {
    const segs = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    let best: Operation | undefined;
    for (const op of this.ops) {
      if (op.method !== method || op.segments.length !== segs.length) continue;
      if (!op.segments.every((s, i) => s.startsWith("{") || s === segs[i])) continue;
      if (!best || op.literals > best.literals) best = op;
    }
    return best;
  }

  private validator(op: Operation, key: string, schema: Json): ValidateFunction {
    const id = `${op.id}:${key}`;
    let v = this.compiled.get(id);
    if (!v) {
      v = this.ajv.compile(toJsonSchema(schema) as JsonObject);
      this.compiled.set(id, v);
    }
    return v;
  }

  /** Validates one exchange; errors is empty when the response honours the contract. */
  check(ex: Exchange): Verdict {
    const url = new URL(ex.url);
    const op = this.operation(ex.method, url.pathname.replace(/\/+$/, "") || "/");
    if (!op) {
      // a path outside the document must be refused, and nothing else
      return { exchange: ex, errors: ex.status === 404 || ex.status === 405 ? [] : [`no operation for ${ex.method} ${url.pathname}, answered ${ex.status}`] };
    }
    const code = String(ex.status);
    const key = op.responses[code] ? code : ex.status >= 400 && ex.status < 500 && op.responses["4XX"] ? "4XX" : "default";
    const resp = op.responses[key];
    if (!isObject(resp)) return { exchange: ex, operation: op.id, errors: [`status ${ex.status} is not a documented response of ${op.id}`] };
    const content = resp.content;
    if (!isObject(content)) {
      // documented without a body schema (e.g. 4XX of /healthz)
      return { exchange: ex, operation: op.id, errors: [] };
    }
    const errors: string[] = [];
    const json = content["application/json"];
    const text = content["text/plain"];
    if (isObject(json)) {
      if (!ex.contentType.includes("application/json")) errors.push(`content-type ${ex.contentType}, want application/json`);
      let body: Json;
      try {
        body = JSON.parse(ex.responseBody) as Json;
      } catch {
        return { exchange: ex, operation: op.id, errors: [`body is not JSON: ${ex.responseBody.slice(0, 200)}`] };
      }
      errors.push(...exactIdErrors(ex.responseBody));
      const validate = this.validator(op, key, json.schema ?? {});
      if (!validate(body)) {
        for (const e of validate.errors ?? []) errors.push(`${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
      }
      // Qdrant's envelope, stricter than the document's (which requires nothing)
      const enveloped = isObject(json.schema) && isObject(json.schema.properties) && "result" in json.schema.properties;
      if (isObject(body)) {
        if (ex.status === 200 && enveloped && (body.status !== "ok" || !("result" in body) || typeof body.time !== "number")) {
          errors.push(`200 envelope must be {"result", "status": "ok", "time"}: ${ex.responseBody.slice(0, 200)}`);
        }
        if (ex.status >= 400 && (!isObject(body.status) || typeof body.status.error !== "string" || typeof body.time !== "number")) {
          errors.push(`error envelope must be {"status": {"error": string}, "time"}: ${ex.responseBody.slice(0, 200)}`);
        }
      } else {
        errors.push("body is not an object");
      }
    } else if (isObject(text)) {
      if (!ex.contentType.includes("text/plain")) errors.push(`content-type ${ex.contentType}, want text/plain`);
    }
    return { exchange: ex, operation: op.id, errors };
  }
}

/** Integer point ids (`id`, `next_page_offset`) in a raw body must fit u64 exactly. */
function exactIdErrors(body: string): string[] {
  const errors: string[] = [];
  for (const m of body.matchAll(/"(id|next_page_offset)":(-?\d+)(?![\d.eE])/g)) {
    const n = BigInt(m[2]!);
    if (n < 0n || n > 2n ** 64n - 1n) errors.push(`${m[1]} ${m[2]} is not a u64`);
  }
  return errors;
}

/**
 * Wraps globalThis.fetch so every exchange with `baseUrl` is recorded. The JS client
 * looks fetch up at call time, so it goes through the wrapper.
 */
export function recordFetch(baseUrl: () => string): { exchanges: Exchange[]; restore(): void } {
  const original = globalThis.fetch;
  const exchanges: Exchange[] = [];
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const res = await original(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(baseUrl())) {
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      exchanges.push({
        method,
        url,
        status: res.status,
        contentType: res.headers.get("content-type") ?? "",
        requestBody: typeof init?.body === "string" ? init.body : undefined,
        responseBody: await res.clone().text(),
      });
    }
    return res;
  };
  return {
    exchanges,
    restore() {
      globalThis.fetch = original;
    },
  };
}
