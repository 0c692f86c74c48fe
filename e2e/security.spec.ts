import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { signInOverHttp } from "../tests/security/http-sign-in";
import { serviceToken, userToken } from "../tests/support/keycloak";

/**
 * The authorization matrix: every page, route handler and server action, found on the file system (a new
 * one without a case here fails the first test), called as anonymous, viewer, editor, admin and a service,
 * plus cross-origin posts and forged server-action posts. Runs against the console at APP_URL.
 */

const root = path.resolve(import.meta.dirname, "..");
const appDir = path.join(root, "app");
const baseURL = `${process.env.APP_URL ?? "http://localhost:3000"}${process.env.BASE_PATH ?? ""}`;
const roles = ["viewer", "editor", "admin"] as const;
type Role = (typeof roles)[number];
const rank: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function files(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full, name);
    return entry === name ? [full] : [];
  });
}

/** `app/(console)/files/[bucket]/[[...prefix]]/page.tsx` → `/files/[bucket]/[[...prefix]]`. */
function routeOf(file: string): string {
  const dir = path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${dir.join("/")}`;
}

/** A URL for a route: each dynamic segment gets a value that reaches the handler but names nothing real. */
function sampleUrl(route: string): string {
  return route
    .replace(/\[\[\.\.\.[^\]]+\]\]/g, "matrix")
    .replace(/\[\.\.\.[^\]]+\]/g, "matrix")
    .replace(/\[(bucket)\]/g, "strata-matrix-none")
    .replace(/\[(token)\]/g, "A".repeat(43))
    .replace(/\[(id)\]/g, randomUUID())
    .replace(/\[[^\]]+\]/g, "matrix-x");
}

type Guard = { kind: "session" | "bearer"; role: Role } | { kind: "public" };

/**
 * Routes that are open on purpose (they authenticate by other means or are public by design). Anything
 * else must be wrapped in withSessionRole/withBearerRole, whose role this test reads from the source.
 */
const PUBLIC_ROUTES: Record<string, string> = {
  "/auth/signin": "starts the Keycloak sign-in",
  "/auth/callback": "finishes the sign-in (state, nonce, PKCE checked)",
  "/auth/signout": "ends the caller's own session (POST, origin-checked)",
  "/auth/backchannel-logout": "Keycloak's signed logout token",
  "/api/health/live": "liveness",
  "/api/health/ready": "readiness",
  "/api/metrics": "Prometheus (METRICS_TOKEN when set)",
  "/api/v1/openapi.json": "the API description",
  "/d/[token]": "share links (the token is the capability)",
  "/o/[id]": "output share links (the id is the capability)",
};

function handlerGuards(file: string): Map<string, Guard> {
  const source = readFileSync(file, "utf8");
  const guards = new Map<string, Guard>();
  for (const method of METHODS) {
    const wrapped = new RegExp(`export const ${method} = with(Session|Bearer)Role(?:<[^>]*>)?\\("(viewer|editor|admin)"`).exec(source);
    if (wrapped) guards.set(method, { kind: wrapped[1] === "Session" ? "session" : "bearer", role: wrapped[2] as Role });
    else if (new RegExp(`export (async function|function|const) ${method}\\b`).test(source)) guards.set(method, { kind: "public" });
  }
  return guards;
}

/** The role the page's default export asks for (in the page or a layout above it). */
function pageRole(file: string): Role | null {
  const source = readFileSync(file, "utf8");
  const main = source.slice(source.indexOf("export default"));
  const own = /requirePageRole\("(viewer|editor|admin)"\)/.exec(main);
  if (own) return own[1] as Role;
  let dir = path.dirname(path.dirname(file));
  while (dir.startsWith(appDir)) {
    const layout = path.join(dir, "layout.tsx");
    const match = existsSync(layout) ? /requirePageRole\("(viewer|editor|admin)"\)/.exec(readFileSync(layout, "utf8")) : null;
    if (match) return match[1] as Role;
    dir = path.dirname(dir);
  }
  return null;
}

/** Roles a page asks for anywhere in its file: a role other than the page's own belongs to a view (below). */
function viewRoles(file: string): Role[] {
  return [...new Set([...readFileSync(file, "utf8").matchAll(/requirePageRole\("(viewer|editor|admin)"\)/g)].map((m) => m[1] as Role))];
}

/** Views of a page behind a stricter role (chosen by a query parameter); each extra role in a page needs one. */
const PAGE_VIEWS: Record<string, { url: string; role: Role; what: string }[]> = {
  "/files/[bucket]/[[...prefix]]": [{ url: "/files/strata-matrix-none?view=settings", role: "admin", what: "a bucket's settings (versioning, lifecycle, CORS)" }],
};

const PUBLIC_PAGES = new Set(["/signed-out"]);

const handlers = files(appDir, "route.ts").map((file) => ({ route: routeOf(file), guards: handlerGuards(file) }));
const pages = files(appDir, "page.tsx").map((file) => ({ route: routeOf(file) || "/", role: pageRole(file), roles: viewRoles(file) }));
const actionFiles = files(appDir, "actions.ts");

/**
 * Where the guard's role is not the whole rule: the operation in lib/ checks a stricter role or an ownership
 * rule (the sample URL names another person's data). `role` is the least role a person needs here; `service`
 * whether the editor service may (services may write any user's contexts). Each entry must name a real
 * route and method (checked), so the list stays true.
 */
const FINER_RULES: Record<string, { role: Role; service?: boolean; why: string }> = {
  "DELETE /api/files/buckets/[bucket]": { role: "admin", why: "deleteBucket checks admin itself" },
  "POST /api/files/usage": { role: "admin", why: "requestUsageRefresh runs a job (admin)" },
  "GET /api/contexts/[userId]/[conversationId]/export": { role: "admin", why: "another person's context: only admins" },
  "GET /api/v1/contexts/[userId]": { role: "admin", service: true, why: "another person's contexts: admins, or a service" },
  "GET /api/v1/contexts/[userId]/[conversationId]": { role: "admin", service: true, why: "another person's context" },
  "PUT /api/v1/contexts/[userId]/[conversationId]": { role: "admin", service: true, why: "another person's context" },
  "DELETE /api/v1/contexts/[userId]/[conversationId]": { role: "admin", service: true, why: "another person's context" },
  "POST /api/v1/contexts/[userId]/[conversationId]/messages": { role: "admin", service: true, why: "another person's context" },
  "POST /api/v1/collections/[name]/sync": { role: "editor", why: "syncCollection checks editor" },
  "POST /api/v1/models/[id]/promote": { role: "editor", why: "promoteModel checks editor" },
  "POST /api/v1/models/[id]/cancel": { role: "editor", why: "cancelPromotion checks editor" },
  "POST /api/v1/models/[id]/demote": { role: "admin", why: "demoteModel checks admin" },
  "PUT /api/v1/models/[id]/pin": { role: "editor", why: "pinModel checks editor" },
  "DELETE /api/v1/models/[id]/pin": { role: "editor", why: "pinModel checks editor" },
  "DELETE /api/v1/models/[id]": { role: "admin", why: "deleteModel checks admin" },
};

/**
 * Bodies for routes that validate their input before the operation checks who may (the default body is
 * `{}`): well-formed, so the refusal under test is the access rule's, not the validation's.
 */
const BODIES: Record<string, unknown> = {
  "POST /api/v1/contexts/[userId]/[conversationId]/messages": { messages: [{ role: "user", content: "forged" }] },
};

/** Pages that show one person's data: the sample URL names another person, so only admins may open it. */
const PAGE_FINER_RULES: Record<string, { role: Role; why: string }> = {
  "/contexts/users/[userId]/[conversationId]": { role: "admin", why: "another person's conversation" },
};

let sessions: Record<Role, APIRequestContext>;
let anonymous: APIRequestContext;
let bearer: Record<Role | "service", string>;
let bearerAt = 0;

/** Keycloak access tokens live 5 minutes; the matrix runs longer on a busy machine, so they are renewed. */
async function renewBearer() {
  if (Date.now() - bearerAt < 120_000) return;
  const [viewer, editor, admin, service] = await Promise.all([userToken("viewer"), userToken("editor"), userToken("admin"), serviceToken()]);
  bearer = { viewer, editor, admin, service };
  bearerAt = Date.now();
}

test.beforeAll(async () => {
  const cookies = await Promise.all(roles.map((r) => signInOverHttp(baseURL, r, `${r}-dev-password`)));
  const context = (cookie?: string) =>
    playwrightRequest.newContext({ baseURL, extraHTTPHeaders: cookie ? { cookie: `strata_session=${cookie}` } : {}, maxRedirects: 0 });
  sessions = Object.fromEntries(await Promise.all(roles.map(async (r, i) => [r, await context(cookies[i])]))) as Record<Role, APIRequestContext>;
  anonymous = await context();
  await renewBearer();
});

test.afterAll(async () => {
  // Appending creates a context: the matrix's admin and service calls left one under the sample user.
  if (bearer) await anonymous?.delete(sampleUrl("/api/v1/contexts/[userId]/[conversationId]"), { headers: { authorization: `Bearer ${bearer.service}` } });
  await Promise.all([anonymous, ...Object.values(sessions ?? {})].filter(Boolean).map((c) => c.dispose()));
});

function send(ctx: APIRequestContext, method: string, url: string, headers: Record<string, string> = {}, body: unknown = {}) {
  const unsafe = method !== "GET";
  return ctx.fetch(url, {
    method,
    maxRedirects: 0,
    headers: { accept: "application/json", ...(unsafe ? { origin: new URL(baseURL).origin, "content-type": "application/json" } : {}), ...headers },
    ...(unsafe ? { data: JSON.stringify(body) } : {}),
  });
}

test("every route handler, page and server action has a case", () => {
  const missing: string[] = [];
  for (const { route, guards } of handlers) {
    if (guards.size === 0) missing.push(`${route}: exports no recognised method`);
    for (const [method, guard] of guards) {
      if (guard.kind === "public" && !(route in PUBLIC_ROUTES)) missing.push(`${method} ${route}: not wrapped in withSessionRole/withBearerRole and not listed as public`);
    }
  }
  for (const { route, role, roles: asked } of pages) {
    if (!role && !PUBLIC_PAGES.has(route)) missing.push(`page ${route}: no requirePageRole in it or its layouts`);
    for (const extra of asked.filter((r) => r !== role)) {
      if (!PAGE_VIEWS[route]?.some((v) => v.role === extra)) missing.push(`page ${route}: asks for ${extra} in a view with no case in PAGE_VIEWS`);
    }
  }
  const known = new Set(handlers.flatMap(({ route, guards }) => [...guards.keys()].map((m) => `${m} ${route}`)));
  for (const key of [...Object.keys(FINER_RULES), ...Object.keys(BODIES)]) if (!known.has(key)) missing.push(`a handler rule names ${key}, which does not exist`);
  for (const route of [...Object.keys(PAGE_FINER_RULES), ...Object.keys(PAGE_VIEWS)]) if (!pages.some((p) => p.route === route)) missing.push(`a page rule names ${route}, which does not exist`);
  for (const file of actionFiles) {
    const source = readFileSync(file, "utf8");
    const exported = [...source.matchAll(/export async function (\w+)/g)].map((m) => m[1]!);
    for (const name of exported) {
      const body = source.slice(source.indexOf(`export async function ${name}`)).split(/\nexport /)[0]!;
      if (!/actionCaller\(|requireActionRole\(/.test(body)) missing.push(`action ${name} in ${path.relative(root, file)}: authorises no caller`);
    }
  }
  expect(missing).toEqual([]);
  expect(handlers.length).toBeGreaterThan(40);
});

/** Runs `task` over `items` with at most `limit` at once: the matrix is hundreds of requests, not one at a time. */
async function inBatches<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}

test("route handlers: anonymous 401, below the role 403, with the role neither", async () => {
  test.setTimeout(300_000);
  const wrong: string[] = [];
  const cases = handlers.flatMap(({ route, guards }) => [...guards].filter(([, g]) => g.kind !== "public").map(([method, guard]) => ({ route, method, guard })));
  await renewBearer();
  await inBatches(cases, 4, async ({ route, method, guard }) => {
    if (guard.kind === "public") return;
    const url = sampleUrl(route);
    const rule = FINER_RULES[`${method} ${route}`];
    const needed = rule?.role ?? guard.role;
    const body = BODIES[`${method} ${route}`] ?? {};
    const asRole = (role: Role) =>
      guard.kind === "session" ? send(sessions[role], method, url, {}, body) : send(anonymous, method, url, { authorization: `Bearer ${bearer[role]}` }, body);
    const [anon, byRole, cookieOnly, service] = await Promise.all([
      send(anonymous, method, url, {}, body),
      Promise.all(roles.map(asRole)),
      guard.kind === "bearer" ? send(sessions.admin, method, url, {}, body) : null,
      guard.kind === "bearer" ? send(anonymous, method, url, { authorization: `Bearer ${bearer.service}` }, body) : null,
    ]);
    if (anon.status() !== 401) wrong.push(`${method} ${route} anonymous: ${anon.status()}`);
    roles.forEach((role, i) => {
      const status = byRole[i]!.status();
      const allowed = rank[role] >= rank[needed];
      if (!allowed && status !== 403) wrong.push(`${method} ${route} as ${role}: ${status}, expected 403`);
      if (allowed && (status === 401 || status === 403 || status >= 500)) wrong.push(`${method} ${route} as ${role}: ${status}`);
    });
    // A session cookie is not a bearer token: /api/v1 answers 401 to a signed-in browser.
    if (cookieOnly && cookieOnly.status() !== 401) wrong.push(`${method} ${route} with only a session cookie: ${cookieOnly.status()}`);
    if (service) {
      // The dev realm's service account has the editor role.
      const allowed = rule?.service ?? rank.editor >= rank[needed];
      const status = service.status();
      if (!allowed && status !== 403) wrong.push(`${method} ${route} as the service: ${status}, expected 403`);
      if (allowed && (status === 401 || status === 403 || status >= 500)) wrong.push(`${method} ${route} as the service: ${status}`);
    }
  });
  expect(wrong).toEqual([]);
  expect(cases.length).toBeGreaterThan(60);
});

test("cross-origin and non-JSON state-changing requests are refused before any handler, for every role", async () => {
  test.setTimeout(300_000);
  const wrong: string[] = [];
  const cases = handlers.flatMap(({ route, guards }) => [...guards.keys()].filter((m) => m !== "GET").map((method) => ({ route, method })));
  const origin = new URL(baseURL).origin;
  await inBatches(cases, 4, async ({ route, method }) => {
    const url = sampleUrl(route);
    for (const who of [...roles, null] as const) {
      const ctx = who ? sessions[who] : anonymous;
      const attempts = [
        { origin: "http://localhost:33125", "sec-fetch-site": "same-site", "content-type": "text/plain" },
        { origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "application/json" },
        { origin, "sec-fetch-site": "cross-site", "content-type": "application/json" },
      ];
      for (const headers of attempts) {
        const response = await ctx.fetch(url, { method, maxRedirects: 0, headers, data: "{}" });
        if (response.status() !== 403) wrong.push(`${method} ${route} as ${who ?? "anonymous"} from ${headers.origin} (${headers["sec-fetch-site"]}): ${response.status()}`);
      }
    }
    if (route.startsWith("/api/")) {
      const plain = await send(sessions.admin, method, url, { "content-type": "text/plain" });
      if (plain.status() !== 415) wrong.push(`${method} ${route} text/plain: ${plain.status()}`);
    }
  });
  expect(wrong).toEqual([]);
  expect(cases.length).toBeGreaterThan(40);
});

test("pages: anonymous are sent to sign in, below the role 403, with the role 200 or 404", async () => {
  test.setTimeout(300_000);
  const wrong: string[] = [];
  const cases = pages.flatMap(({ route, role }) => {
    if (!role) return [];
    const own = { url: sampleUrl(route), label: route, role: PAGE_FINER_RULES[route]?.role ?? role };
    return [own, ...(PAGE_VIEWS[route] ?? []).map((v) => ({ url: v.url, label: v.url, role: v.role }))];
  });
  await inBatches(cases, 2, async ({ url, label, role }) => {
    const open = (ctx: APIRequestContext) => ctx.get(url, { headers: { accept: "text/html" }, maxRedirects: 0 });
    const anon = await open(anonymous);
    if (anon.status() !== 307 || !anon.headers().location?.includes("/auth/signin")) wrong.push(`page ${label} anonymous: ${anon.status()}`);
    for (const who of roles) {
      const status = (await open(sessions[who])).status();
      const allowed = rank[who] >= rank[role];
      if (!allowed && status !== 403) wrong.push(`page ${label} as ${who}: ${status}, expected 403`);
      if (allowed && status !== 200 && status !== 404) wrong.push(`page ${label} as ${who}: ${status}`);
    }
  });
  expect(wrong).toEqual([]);
});

/**
 * Every server action, called directly (a forged `Next-Action` post, as a script would) with well-formed
 * arguments, so what refuses it is the role check and not the input's validation. `refused`: the roles
 * that must get `forbidden`; only those are called (a permitted call would really run: change the banner,
 * queue a job). Arguments name nothing real.
 */
const OTHER_USER = "matrix-other-user";
const FORGED_ACTIONS: Record<string, { args: unknown[]; refused: Role[] }> = {
  runJobNow: { args: ["health-probe"], refused: ["viewer", "editor"] },
  pauseJob: { args: ["health-probe", false], refused: ["viewer", "editor"] },
  saveBanner: { args: ["forged"], refused: ["viewer", "editor"] },
  createCollectionAction: { args: [{ name: "matrix-forged", sources: [{ bucket: "strata-matrix-none" }] }], refused: ["viewer"] },
  updateCollectionAction: { args: ["matrix-forged", { description: "forged" }], refused: ["viewer"] },
  syncCollectionAction: { args: ["matrix-forged"], refused: ["viewer"] },
  retryFailedAction: { args: ["matrix-forged"], refused: ["viewer"] },
  cancelOperationAction: { args: ["matrix-forged"], refused: ["viewer"] },
  deleteCollectionAction: { args: ["matrix-forged"], refused: ["viewer", "editor"] },
  runEvaluationAction: { args: ["matrix-forged", { format: "json", label: "forged", json: '[{"query":"q","judgments":{"a.txt":1}}]' }], refused: ["viewer"] },
  deleteOutputsAction: { args: [[randomUUID()]], refused: [] },
  promoteModelAction: { args: ["matrix-forged"], refused: ["viewer"] },
  demoteModelAction: { args: ["matrix-forged"], refused: ["viewer", "editor"] },
  cancelPromotionAction: { args: ["matrix-forged"], refused: ["viewer"] },
  pinModelAction: { args: ["matrix-forged", true], refused: ["viewer"] },
  deleteModelAction: { args: ["matrix-forged"], refused: ["viewer", "editor"] },
  runModelsJobAction: { args: ["models-scan"], refused: ["viewer", "editor"] },
  setHotCapacityAction: { args: [{ capacity: "500 GiB", highWatermarkPercent: 90, lowWatermarkPercent: 70 }], refused: ["viewer", "editor"] },
  resetHotCapacityAction: { args: [], refused: ["viewer", "editor"] },
  archiveContextAction: { args: [OTHER_USER, "matrix-forged"], refused: ["viewer", "editor"] },
  restoreContextAction: { args: [OTHER_USER, "matrix-forged"], refused: ["viewer", "editor"] },
  deleteContextAction: { args: [OTHER_USER, "matrix-forged"], refused: ["viewer", "editor"] },
};

test("every server action has a forged-call case", () => {
  const exported = actionFiles.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/export async function (\w+)/g)].map((m) => m[1]!));
  expect(exported.filter((name) => !(name in FORGED_ACTIONS))).toEqual([]);
  expect(Object.keys(FORGED_ACTIONS).filter((name) => !exported.includes(name))).toEqual([]);
});

test("forged server-action posts: refused below the action's role, anonymously, and from another origin", async () => {
  test.setTimeout(300_000);
  // The action ids Next.js assigned, from the build's server-reference manifest.
  const manifestPath = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "server", "server-reference-manifest.json");
  expect(existsSync(manifestPath), `${manifestPath}: the console under test is built from this checkout`).toBe(true);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { node: Record<string, { workers: Record<string, unknown>; exportedName?: string }> };
  const wrong: string[] = [];
  const seen = new Set<string>();
  const origin = new URL(baseURL).origin;
  const entries = Object.entries(manifest.node).filter(([, entry]) => entry.exportedName && entry.exportedName in FORGED_ACTIONS);
  await inBatches(entries, 3, async ([id, entry]) => {
    const name = entry.exportedName!;
    const forged = FORGED_ACTIONS[name]!;
    const page = Object.keys(entry.workers)[0]!.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
    const url = sampleUrl(page);
    const post = (ctx: APIRequestContext, from: string, data: unknown[]) =>
      ctx.fetch(url, {
        method: "POST",
        maxRedirects: 0,
        headers: { "next-action": id, origin: from, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
        data: JSON.stringify(data),
      });
    seen.add(name);
    for (const who of forged.refused) {
      const response = await post(sessions[who], origin, forged.args);
      const text = await response.text();
      if (!/"code":"forbidden"/.test(text)) wrong.push(`action ${name} as ${who}: ${response.status()} ${text.slice(0, 160)}`);
    }
    const anon = await post(anonymous, origin, forged.args);
    if (anon.status() !== 401 && !(anon.status() === 307 && anon.headers().location?.includes("/auth/signin"))) wrong.push(`action ${name} anonymous: ${anon.status()}`);
    const crossSite = await post(sessions.admin, "http://localhost:33125", forged.args);
    if (crossSite.status() !== 403) wrong.push(`action ${name} cross-origin: ${crossSite.status()}`);
  });
  expect(wrong).toEqual([]);
  expect([...seen].sort()).toEqual(Object.keys(FORGED_ACTIONS).sort());
});

test("a signed-out cookie is dead at once, on pages and APIs", async () => {
  const cookie = await signInOverHttp(baseURL, "editor", "editor-dev-password");
  const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: `strata_session=${cookie}` }, maxRedirects: 0 });
  expect((await ctx.get("/api/contexts")).status()).toBe(200);
  expect((await ctx.post("/auth/signout", { headers: { origin: new URL(baseURL).origin }, maxRedirects: 0 })).status()).toBe(303);
  expect((await ctx.get("/api/contexts")).status()).toBe(401);
  expect((await ctx.get("/files", { headers: { accept: "text/html" }, maxRedirects: 0 })).status()).toBe(307);
  await ctx.dispose();
});

test("hostile paths answer 400, never 500 or a redirect", async () => {
  const admin = sessions.admin;
  for (const url of ["/api/v1/contexts/%zz/c", "/api/files/buckets/..%2Fbackups/objects", "/api/files/buckets/user-data%2F..%2Fbackups/objects", "/api/contexts?cursor=garbage"]) {
    const status = (await admin.get(url, { maxRedirects: 0 })).status();
    expect([url, status]).toEqual([url, 400]);
  }
  for (const url of ["/files/user-data/%zz", "/files/user-data/%E0%A4%A"]) {
    expect((await admin.get(url, { headers: { accept: "text/html" }, maxRedirects: 0 })).status()).toBe(400);
  }
  const upload = await admin.post("/api/files/uploads", {
    headers: { origin: new URL(baseURL).origin },
    data: { bucket: "../backups", key: "a.txt", size: 3, contentType: "text/plain" },
  });
  expect(upload.status()).toBe(400);
});

/** A request sent over a socket exactly as written: fetch and Playwright would remove `%2e%2e` first. */
function rawRequest(method: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; location?: string; body: string }> {
  const target = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const body = method === "GET" ? undefined : "{}";
    const sent = { ...headers, ...(body ? { "content-length": String(body.length) } : {}) };
    const req = httpRequest({ host: target.hostname, port: target.port, method, path: `${target.pathname.replace(/\/$/, "")}${rawPath}`, headers: sent }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("dot segments, encoded or not, answer 400 before Next's URL normalisation, for every method", async () => {
  const token = bearer.service;
  for (const method of ["PUT", "GET", "DELETE", "POST"]) {
    for (const path of ["/api/v1/contexts/x/%2e%2e", "/api/v1/contexts/x/%2E%2e/y/messages", "/api/v1/contexts/x/.%2e", "/files/user-data/%2e%2e", "/api/files/buckets/b/objects/%2e"]) {
      const answer = await rawRequest(method, path, { authorization: `Bearer ${token}`, "content-type": "application/json" });
      expect([method, path, answer.status]).toEqual([method, path, 400]);
      expect(answer.body).toContain("bad_request");
    }
  }
  // A trailing slash alone is still redirected (by the proxy now, not by Next before it).
  const slash = await rawRequest("GET", "/signed-out/");
  expect(slash.status).toBe(308);
  expect(new URL(slash.location!, baseURL).pathname).toMatch(/\/signed-out$/);
});

/** Bytes sent exactly as written, for framing that HTTP clients refuse to produce; the server closes after one answer. */
function rawBytes(head: string, body: string): Promise<{ status: number; text: string }> {
  const target = new URL(baseURL);
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = connect(Number(target.port), target.hostname, () => socket.write(`${head.replace("{base}", target.pathname.replace(/\/$/, ""))}\r\nHost: ${target.host}\r\nConnection: close\r\n\r\n${body}`));
    socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
    socket.on("end", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on("error", reject);
  });
}

test("request framing: a chunked DELETE is a body like any other; Transfer-Encoding with Content-Length is refused before any code", async () => {
  const path = `{base}/api/v1/contexts/${randomUUID()}/${randomUUID()}`;
  const auth = `Authorization: Bearer ${bearer.service}`;
  // An empty chunked body is still a body: it must say it is JSON, like any other (415 with the reason)…
  const untyped = await rawBytes(`DELETE ${path} HTTP/1.1\r\n${auth}\r\nTransfer-Encoding: chunked`, "0\r\n\r\n");
  expect(untyped.status).toBe(415);
  expect(untyped.text).toContain("unsupported_media_type");
  // …and then reaches the handler, which answers for the context (none here).
  const typed = await rawBytes(`DELETE ${path} HTTP/1.1\r\n${auth}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked`, "0\r\n\r\n");
  expect(typed.status).toBe(404);
  // Both framings at once is how requests are smuggled past proxies (RFC 9112 §6.1): Node's parser answers a
  // bare 400 and closes, before Next.js or the proxy see anything.
  const ambiguous = await rawBytes(`DELETE ${path} HTTP/1.1\r\n${auth}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 2`, "2\r\n{}\r\n0\r\n\r\n");
  expect(ambiguous.status).toBe(400);
});
