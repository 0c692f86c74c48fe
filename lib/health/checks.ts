import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { keycloakFetch } from "@/lib/auth/keycloak-fetch";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { connectedRedis } from "@/lib/redis/client";
import { s3 } from "@/lib/s3/client";

/** `server`: what the dependency says it is, where it says (the S3 store's `Server` header, e.g. "SeaweedFS 30GB 4.53"). */
export type CheckResult = { ok: boolean; latencyMs: number; error?: string; server?: string };
export type ServiceName = "postgres" | "redis" | "s3" | "qdrant" | "keycloak";
export type Readiness = { status: "ok" | "degraded"; checks: Record<ServiceName, CheckResult> };

const TIMEOUT_MS = 3_000;

async function timed(probe: (signal: AbortSignal) => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const answer = await Promise.race([
      probe(controller.signal),
      new Promise<never>((_, reject) =>
        controller.signal.addEventListener("abort", () => reject(new Error(`no answer within ${TIMEOUT_MS} ms`))),
      ),
    ]);
    const latencyMs = round(performance.now() - started);
    return typeof answer === "string" && answer !== "" ? { ok: true, latencyMs, server: answer } : { ok: true, latencyMs };
  } catch (error) {
    return { ok: false, latencyMs: round(performance.now() - started), error: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message || error.name;
  }
  return String(error);
}

async function httpOk(url: string, signal: AbortSignal, headers: Record<string, string> = {}, request: (url: string, init: RequestInit) => Promise<Response> = fetch): Promise<void> {
  const response = await request(url, { signal, headers, cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${new URL(url).pathname}`);
}

const probes: Record<ServiceName, (signal: AbortSignal) => Promise<unknown>> = {
  postgres: () => db().$queryRaw`SELECT 1`,
  redis: async () => (await connectedRedis(TIMEOUT_MS)).ping(),
  s3: (signal) => s3Server(signal),
  qdrant: (signal) => {
    const { QDRANT_URL, QDRANT_API_KEY } = env();
    return httpOk(`${QDRANT_URL}/readyz`, signal, QDRANT_API_KEY ? { "api-key": QDRANT_API_KEY } : {});
  },
  // Through keycloakFetch, as the console's sign-in and token checks are: readiness asks what they would ask.
  keycloak: (signal) => httpOk(`${env().OIDC_ISSUER}/.well-known/openid-configuration`, signal, {}, keycloakFetch),
};

/**
 * Lists buckets (proof of credentials) and reads the store's `Server` response header on the way, which
 * names the product and version (SeaweedFS, MinIO, Ceph RGW, AmazonS3) without a store-specific API.
 */
async function s3Server(signal: AbortSignal): Promise<string> {
  let server = "";
  const command = new ListBucketsCommand({});
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const headers = (result.response as { headers?: Record<string, string> }).headers;
      server = headers?.server ?? "";
      return result;
    },
    { step: "deserialize", name: "strataReadServerHeader" },
  );
  await s3().send(command, { abortSignal: signal });
  return server;
}

/** Asks every dependency at once; each answer carries its latency, and a failure carries why. */
export async function checkReadiness(): Promise<Readiness> {
  const names = Object.keys(probes) as ServiceName[];
  const results = await Promise.all(names.map((name) => timed(probes[name])));
  const checks = Object.fromEntries(names.map((name, i) => [name, results[i]])) as Record<ServiceName, CheckResult>;
  return { status: results.every((r) => r.ok) ? "ok" : "degraded", checks };
}
