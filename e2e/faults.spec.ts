import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { serviceToken } from "../tests/support/keycloak";
import { tcpProxy, through, type TcpProxy } from "./support/tcp-proxy";

/**
 * Faults: a console of its own (the build in this checkout, `next start` on FAULTS_PORT) reaches PostgreSQL,
 * Redis, S3, the vector engine and Keycloak through TCP proxies this test controls. Each dependency is cut in
 * turn: answers are 503 (JSON, or a readable page for sign-in) naming it, readiness names it, what was
 * acknowledged before (or during) the cut is still there after, and the console recovers by itself once the
 * proxy lets connections through again. Nothing waits a fixed time: every step waits for a condition. The
 * shared services are never stopped.
 *
 * Keycloak's proxy is OIDC_INTERNAL_URL, as a cluster-internal address would be: the console's own requests
 * go through it, while the issuer in tokens and the address browsers are sent to stay OIDC_ISSUER (the dev
 * Keycloak's hostname is fixed, so it names that issuer whichever address it is asked at).
 */

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.FAULTS_PORT ?? 3010);
const consoleUrl = `http://localhost:${port}${process.env.BASE_PATH ?? ""}`;

const issuer = process.env.OIDC_ISSUER ?? "http://localhost:8080/realms/strata";

type Dependency = "postgres" | "redis" | "s3" | "qdrant" | "keycloak";
const targets: Record<Dependency, { url: string; env: string }> = {
  postgres: { url: process.env.DATABASE_URL ?? "postgresql://strata:strata@127.0.0.1:5432/strata", env: "DATABASE_URL" },
  redis: { url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", env: "REDIS_URL" },
  s3: { url: process.env.S3_ENDPOINT ?? "http://127.0.0.1:8333", env: "S3_ENDPOINT" },
  qdrant: { url: process.env.QDRANT_URL ?? "http://127.0.0.1:6333", env: "QDRANT_URL" },
  keycloak: { url: new URL(issuer).origin, env: "OIDC_INTERNAL_URL" },
};

let proxies: Record<Dependency, TcpProxy>;
let server: ChildProcess | undefined;
let api: APIRequestContext;
let token: string;
const user = `faults-${randomUUID().slice(0, 8)}`;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last})` : ""}`);
}

async function readiness(): Promise<{ status: number; body: { checks: Record<string, { ok: boolean; error?: string }> } }> {
  const response = await api.get("api/health/ready");
  return { status: response.status(), body: await response.json() };
}

const bearer = () => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
const putContext = (conversation: string, content: string) =>
  api.put(`api/v1/contexts/${user}/${conversation}`, { headers: bearer(), data: { messages: [{ role: "user", content }] } });
const getContext = (conversation: string) => api.get(`api/v1/contexts/${user}/${conversation}`, { headers: bearer() });

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  proxies = Object.fromEntries(
    await Promise.all(
      (Object.keys(targets) as Dependency[]).map(async (name) => {
        const url = new URL(targets[name].url);
        return [name, await tcpProxy(url.hostname === "localhost" ? "127.0.0.1" : url.hostname, Number(url.port))];
      }),
    ),
  ) as Record<Dependency, TcpProxy>;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), APP_URL: `http://localhost:${port}`, NEXT_TELEMETRY_DISABLED: "1" };
  for (const name of Object.keys(targets) as Dependency[]) env[targets[name].env] = through(targets[name].url, proxies[name]);
  server = spawn("npx", ["next", "start", "-p", String(port)], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  // The console's own log, for a failure's post-mortem.
  mkdirSync(path.join(root, "test-results"), { recursive: true });
  const logFile = createWriteStream(path.join(root, "test-results", "faults-console.log"));
  server.stdout!.pipe(logFile);
  server.stderr!.pipe(logFile);
  const log = "test-results/faults-console.log";
  api = await playwrightRequest.newContext({ baseURL: `${consoleUrl}/` });
  await until(`the fault console on ${port} (log: ${log})`, async () => ((await api.get("api/health/live")).ok() ? true : undefined), 120_000);
  token = await serviceToken();
  await until("every dependency ready through its proxy", async () => ((await readiness()).status === 200 ? true : undefined));
});

test.afterAll(async () => {
  if (token) await api?.delete(`api/v1/contexts/${user}/before`, { headers: bearer() }).catch(() => undefined);
  await api?.dispose();
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
  await Promise.all(Object.values(proxies ?? {}).map((p) => p.close()));
});

/** Cuts one dependency, runs `during`, restores it, and waits until readiness is whole again. */
async function withCut(name: Dependency, during: () => Promise<void>) {
  proxies[name].cut();
  try {
    const down = await until(`readiness to report ${name} down`, async () => {
      const ready = await readiness();
      return ready.status === 503 && ready.body.checks[name]?.ok === false ? ready : undefined;
    });
    expect(down.body.checks[name]!.error).toBeTruthy();
    await during();
  } finally {
    proxies[name].restore();
  }
  await until(`readiness after ${name} returned`, async () => ((await readiness()).status === 200 ? true : undefined));
}

/** A 503 JSON answer whose message names the dependency. */
async function expectUnavailable(response: Awaited<ReturnType<APIRequestContext["get"]>>, names: RegExp) {
  expect(response.status(), await response.text()).toBe(503);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("unavailable");
  expect(body.error.message).toMatch(names);
}

test("PostgreSQL down: 503 naming it, nothing acknowledged lost, recovers by itself", async () => {
  expect((await putContext("before", "acknowledged before the cut")).status()).toBe(201);
  await withCut("postgres", async () => {
    await expectUnavailable(await putContext("during", "not acknowledged"), /PostgreSQL/);
    await expectUnavailable(await api.get("api/v1/models", { headers: bearer() }), /PostgreSQL/);
  });
  // Recovered without a restart: the write refused during the cut succeeds now, the earlier one is intact.
  const before = await until("the context written before the cut", async () => {
    const response = await getContext("before");
    return response.status() === 200 ? response.json() : undefined;
  });
  expect(before.messages.map((m: { content: string }) => m.content)).toEqual(["acknowledged before the cut"]);
  expect((await putContext("during", "after the cut")).status()).toBe(201);
  await api.delete(`api/v1/contexts/${user}/during`, { headers: bearer() });
});

test("Redis down: contexts still read and write through PostgreSQL; readiness names Redis; recovers", async () => {
  await withCut("redis", async () => {
    const written = await putContext("redis-cut", "written while Redis was down");
    expect([200, 201]).toContain(written.status());
    const read = await getContext("redis-cut");
    expect(read.status()).toBe(200);
    expect((await read.json()).messages[0].content).toBe("written while Redis was down");
  });
  const after = await getContext("redis-cut");
  expect(after.status()).toBe(200);
  expect((await after.json()).messages[0].content).toBe("written while Redis was down");
  await api.delete(`api/v1/contexts/${user}/redis-cut`, { headers: bearer() });
});

test("S3 down: file listing is 503 naming the object store; recovers by itself", async () => {
  const list = () => api.get("api/v1/files/buckets/user-data/objects?limit=5", { headers: bearer() });
  expect((await list()).status()).toBe(200);
  await withCut("s3", async () => {
    await expectUnavailable(await list(), /object store|S3/i);
  });
  await until("listing after S3 returned", async () => ((await list()).status() === 200 ? true : undefined));
});

test("vector engine down: readiness names it, the rest of the console keeps serving, recovers by itself", async () => {
  // Searching needs a synced collection (and the embedding model), which a fresh stack does not have; the
  // vector store's own errors are mapped to 503 in lib/search/vector-store.ts.
  const collections = () => api.get("api/v1/collections", { headers: bearer() });
  expect((await collections()).status()).toBe(200);
  await withCut("qdrant", async () => {
    expect((await collections()).status()).toBe(200);
    expect((await getContext("before")).status()).not.toBe(500);
  });
  expect((await collections()).status()).toBe(200);
});

test("Keycloak down: readiness names it, sign-in start is a readable 503, bearer calls go on with the keys held; recovers", async () => {
  const signIn = () => api.get("auth/signin?returnTo=%2Ffiles", { maxRedirects: 0 });
  // To the public issuer, never to the proxy the console itself goes through.
  const sentToKeycloak = async () => {
    const response = await signIn();
    const location = response.headers().location ?? "";
    return response.status() >= 300 && response.status() < 400 && location.startsWith(`${issuer}/protocol/openid-connect/auth?`) ? true : undefined;
  };
  expect(await sentToKeycloak()).toBe(true);
  // Obtained (straight from Keycloak, as a service would) and used before the cut: the console holds the keys.
  token = await serviceToken();
  expect((await putContext("keycloak-before", "acknowledged before the cut")).status()).toBe(201);
  await withCut("keycloak", async () => {
    const response = await signIn();
    expect(response.status(), await response.text()).toBe(503);
    expect(response.headers()["content-type"]).toContain("text/html");
    expect(await response.text()).toContain("Strata could not reach Keycloak");
    const written = await putContext("keycloak-cut", "written while Keycloak was down");
    expect(written.status(), await written.text()).toBe(201);
    const read = await getContext("keycloak-cut");
    expect(read.status()).toBe(200);
    expect((await read.json()).messages[0].content).toBe("written while Keycloak was down");
  });
  await until("sign-in start to send the browser to Keycloak again", sentToKeycloak);
  expect((await (await getContext("keycloak-before")).json()).messages[0].content).toBe("acknowledged before the cut");
  for (const conversation of ["keycloak-before", "keycloak-cut"]) await api.delete(`api/v1/contexts/${user}/${conversation}`, { headers: bearer() });
});
