import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { signInOverHttp } from "../tests/security/http-sign-in";

/**
 * Loading boundaries do not cost a page its status: role checks sit in layouts above each loading.tsx, and
 * pages whose status depends on their data have no boundary above them (docs/architecture.md, "Route
 * states"; tests/ui/route-states.test.ts checks the files). Here the real answers: 403 for a role below the
 * page's, 404 for what does not exist, 400 for a malformed path, 200 (streamed) otherwise.
 */

const baseURL = `${process.env.APP_URL ?? "http://localhost:3000"}${process.env.BASE_PATH ?? ""}`;
const roles = ["viewer", "editor", "admin"] as const;
type Role = (typeof roles)[number];

let sessions: Record<Role, APIRequestContext>;
let anonymous: APIRequestContext;

test.beforeAll(async () => {
  const cookies = await Promise.all(roles.map((r) => signInOverHttp(baseURL, r, `${r}-dev-password`)));
  const context = (cookie?: string) =>
    playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { accept: "text/html", ...(cookie ? { cookie: `strata_session=${cookie}` } : {}) }, maxRedirects: 0 });
  sessions = Object.fromEntries(await Promise.all(roles.map(async (r, i) => [r, await context(cookies[i])]))) as Record<Role, APIRequestContext>;
  anonymous = await context();
});

test.afterAll(async () => {
  await Promise.all([anonymous, ...Object.values(sessions ?? {})].filter(Boolean).map((c) => c.dispose()));
});

// Under `next dev` each page compiles on its first request.
test.describe.configure({ timeout: 900_000 });

async function statuses(who: Role | "anonymous", urls: string[]) {
  const ctx = who === "anonymous" ? anonymous : sessions[who];
  const found: [string, number][] = [];
  for (const url of urls) found.push([url, (await ctx.get(url, { timeout: 180_000 })).status()]);
  return found;
}

const expectAll = (status: number, urls: string[]) => urls.map((url): [string, number] => [url, status]);

const adminOnly = ["/admin/audit", "/admin/health", "/admin/jobs", "/admin/settings", "/outputs/overview"];
const editorOnly = ["/links", "/search/collections/new"];
const everyone = ["/", "/files", "/models", "/contexts", "/contexts/search", "/search", "/search/collections", "/outputs"];

test("a role below the page's is refused with 403, with a loading boundary in the section", async () => {
  expect(await statuses("viewer", [...adminOnly, ...editorOnly])).toEqual(expectAll(403, [...adminOnly, ...editorOnly]));
  expect(await statuses("editor", [...adminOnly, "/files/user-data?view=settings"])).toEqual(expectAll(403, [...adminOnly, "/files/user-data?view=settings"]));
  const refused = await sessions.viewer.get("/admin/health");
  expect(await refused.text()).toContain("You don’t have access to this page");
});

test("with the role, every section answers 200", async () => {
  expect(await statuses("viewer", everyone)).toEqual(expectAll(200, everyone));
  expect(await statuses("editor", editorOnly)).toEqual(expectAll(200, editorOnly));
  expect(await statuses("admin", adminOnly)).toEqual(expectAll(200, adminOnly));
});

test("the signed-out are sent to sign in", async () => {
  for (const url of ["/", "/admin/health", "/links", "/models"]) {
    const response = await anonymous.get(url);
    expect([url, response.status(), response.headers().location?.includes("/auth/signin")]).toEqual([url, 307, true]);
  }
});

test("what does not exist is 404, a rule on the path 403, a malformed path 400", async () => {
  const missing = ["/models/no-such-model", "/search/collections/no-such-collection", "/search/collections/no-such-collection/edit", "/contexts/users/no-such-user/no-such-conversation", "/files/strata-no-such-bucket?view=settings"];
  expect(await statuses("admin", missing)).toEqual(expectAll(404, missing));
  expect(await statuses("viewer", ["/contexts/users/someone-else/c1"])).toEqual([["/contexts/users/someone-else/c1", 403]]);
  expect(await statuses("admin", ["/files/user-data/%zz"])).toEqual([["/files/user-data/%zz", 400]]);
});
