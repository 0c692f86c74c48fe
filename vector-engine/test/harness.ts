/**
 * Shared set-up for the contract tests: one engine per test file, the official Qdrant
 * JS client pointed at it, and every HTTP exchange recorded and later checked against
 * the OpenAPI document.
 */
import { QdrantClient } from "@qdrant/js-client-rest";
import { afterAll, beforeAll, expect } from "vitest";
import { Contract, recordFetch, type Exchange, type Verdict } from "./openapi-contract";
import { startVectorEngine, type StartOptions, type VectorEngine } from "./start-engine";

export interface Harness {
  engine: VectorEngine;
  client: QdrantClient;
  exchanges: Exchange[];
  /** Raw HTTP to the engine (recorded like the client's calls). */
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; text: string }>;
  /** Validates every exchange recorded so far; returns the failures. */
  violations(): Verdict[];
  /** Operation ids seen so far. */
  operationsSeen(): Set<string>;
}

let contract: Contract | undefined;
export function getContract(): Contract {
  contract ??= new Contract();
  return contract;
}

export function setupEngine(options: StartOptions & { apiKey?: string } = {}): Harness {
  const h = {} as Harness;
  let restore = () => {};
  let checked = 0;
  const verdicts: Verdict[] = [];
  beforeAll(async () => {
    h.engine = await startVectorEngine(options);
    const rec = recordFetch(() => h.engine.url);
    restore = rec.restore;
    h.exchanges = rec.exchanges;
    h.client = new QdrantClient({ url: h.engine.url, apiKey: options.apiKey, checkCompatibility: false });
  });
  afterAll(async () => {
    restore();
    await h.engine?.stop();
  });
  const validateNew = () => {
    for (; checked < h.exchanges.length; checked++) {
      const ex = h.exchanges[checked];
      if (ex) verdicts.push(getContract().check(ex));
    }
  };
  h.http = async (method, path, body, headers = {}) => {
    const res = await fetch(`${h.engine.url}${path}`, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // text/plain endpoints
    }
    return { status: res.status, body: parsed, text };
  };
  h.violations = () => {
    validateNew();
    return verdicts.filter((v) => v.errors.length > 0);
  };
  h.operationsSeen = () => {
    validateNew();
    return new Set(verdicts.map((v) => v.operation).filter((o): o is string => !!o));
  };
  return h;
}

/** Asserts that every recorded response validated against the OpenAPI document. */
export function expectContractHonoured(h: Harness): void {
  const bad = h.violations();
  const report = bad
    .slice(0, 10)
    .map((v) => `${v.exchange.method} ${v.exchange.url} -> ${v.exchange.status} [${v.operation ?? "?"}]\n  ${v.errors.join("\n  ")}\n  body: ${v.exchange.responseBody.slice(0, 300)}`)
    .join("\n");
  expect(bad.length, `responses violating the OpenAPI document:\n${report}`).toBe(0);
  expect(h.exchanges.length).toBeGreaterThan(0);
}

/** The error a client call failed with: HTTP status and Qdrant's error body. */
export async function apiError(p: Promise<unknown>): Promise<{ status: number; message: string; data: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { status?: number; data?: { status?: { error?: string } } };
    if (typeof err.status === "number") return { status: err.status, message: err.data?.status?.error ?? "", data: err.data };
    throw e;
  }
  throw new Error("expected the call to fail, it succeeded");
}
