/**
 * Load on a running console with a real HTTP load generator (autocannon): `--users` signed-in sessions
 * (real Keycloak sign-ins of the dev users, one session per connection) browsing a folder, presigning a
 * download and searching contexts, for `--seconds`. Prints p50/p95/p99, errors and the console's RSS, and
 * beside them the raw S3 ListObjectsV2 / PostgreSQL calls behind those requests at the same concurrency.
 * Target on this machine: p95 < 300 ms, 0 errors.
 *
 *   APP_URL=http://localhost:3000 npx tsx bench/load/console.ts [--users 200] [--seconds 20] [--bucket user-data]
 *
 * Self-contained: when nothing answers at APP_URL, it starts the built console from this checkout
 * (`next start`, building first when there is no build) on APP_URL's port and stops it at the end. Keycloak
 * only returns sign-ins to localhost:3000–3007, so APP_URL's port must be one of those. A development server
 * (`next dev`, recognised by its CSP allowing 'unsafe-eval') is refused: its figures say nothing about the
 * built console. Prints `uptime` before and after, since figures on a busy machine mean little.
 * About 2–4 minutes with the defaults.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import autocannon from "autocannon";
import { db } from "../../lib/db/client";
import { runLimited } from "../../lib/files/run-limited";
import { s3 } from "../../lib/s3/client";
import { signInOverHttp } from "../../tests/security/http-sign-in";

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

const appUrl = process.env.APP_URL ?? "http://localhost:3000";
const users = Number(arg("users", "200"));
const seconds = Number(arg("seconds", "20"));
const bucket = arg("bucket", "user-data");
const prefix = "bench-load/";
const key = `${prefix}hello.txt`;

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(label: string, latencies: number[], errors: number, total: number): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(1)} ms`;
  return `${label.padEnd(34)} n=${total} p50=${f(percentile(sorted, 50))} p95=${f(percentile(sorted, 95))} p99=${f(percentile(sorted, 99))} errors=${errors}`;
}

/** The RSS of the process listening on the console's port (the built console: `next start`). */
function consoleRssMiB(): string {
  try {
    const port = new URL(appUrl).port || "80";
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    const rss = pid ? /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] : undefined;
    return rss ? `${(Number(rss) / 1024).toFixed(0)} MiB (pid ${pid})` : "unknown";
  } catch {
    return "unknown";
  }
}

/** Raw calls at the same concurrency for the same time: what the console's requests cost underneath. */
async function raw(label: string, call: () => Promise<unknown>): Promise<string> {
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + (seconds * 1000) / 2;
  await runLimited(Array.from({ length: users }), users, async () => {
    while (Date.now() < until) {
      const started = performance.now();
      try {
        await call();
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - started);
    }
  });
  return summary(label, latencies, errors, latencies.length);
}

const root = path.resolve(import.meta.dirname, "../..");
const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();

async function answers(): Promise<boolean> {
  try {
    return (await fetch(`${appUrl}/api/health/live`)).ok;
  } catch {
    return false;
  }
}

/** The built console on APP_URL's port, when none runs there yet. */
async function startConsole(): Promise<ChildProcess | null> {
  if (await answers()) return null;
  const port = new URL(appUrl).port || "3000";
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  if (!existsSync(path.join(root, distDir, "BUILD_ID"))) {
    console.log("no build here: next build…");
    execFileSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  }
  console.log(`starting the built console on ${port}…`);
  const child = spawn("npx", ["next", "start", "-p", port], { cwd: root, env: { ...process.env, PORT: port }, stdio: "ignore", detached: true });
  const deadline = Date.now() + 120_000;
  while (!(await answers())) {
    if (Date.now() > deadline) throw new Error(`the console did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return child;
}

console.log(`before: ${uptime()}`);
const started = await startConsole();
const stop = () => {
  if (started?.pid) process.kill(-started.pid, "SIGTERM");
};
const csp = (await fetch(`${appUrl}/signed-out`)).headers.get("content-security-policy") ?? "";
if (csp.includes("'unsafe-eval'")) {
  console.error(`${appUrl} is a development server (next dev): measure the built console (next build && next start).`);
  process.exit(2);
}

await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "hello", ContentType: "text/plain" }));

console.log(`signing in ${users} sessions…`);
const devUsers = ["viewer", "editor", "admin"];
const cookies = await runLimited(
  Array.from({ length: users }, (_, i) => devUsers[i % devUsers.length]!),
  8,
  (user) => signInOverHttp(appUrl, user, `${user}-dev-password`),
);

const paths = [
  `/api/files/buckets/${bucket}/objects?prefix=${encodeURIComponent(prefix)}&limit=100`,
  `/api/files/buckets/${bucket}/download?key=${encodeURIComponent(key)}&format=json`,
  `/api/contexts?limit=20`,
];
const latencies: number[] = [];
let non2xx = 0;
const statuses = new Map<number, number>();
let next = 0;
const rssBefore = consoleRssMiB();
// One session per connection. autocannon's client.setHeaders() only changes the request kind that is current
// (the first), so the cookie goes on every request here, from the connection's own context; an earlier
// version of this bench sent the other two kinds without it and counted their 401s.
const result = await autocannon({
  url: appUrl,
  connections: users,
  duration: seconds,
  initialContext: {},
  requests: paths.map((path) => ({
    method: "GET" as const,
    path,
    setupRequest: (request: autocannon.Request, context: { cookie?: string }) => {
      context.cookie ??= cookies[next++ % cookies.length];
      return { ...request, headers: { ...request.headers, cookie: `strata_session=${context.cookie}`, accept: "application/json" } };
    },
  })),
  setupClient: (client) => {
    client.on("response", (status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status < 200 || status >= 300) non2xx += 1;
    });
  },
});
const rssAfter = consoleRssMiB();

console.log(`\nconsole ${appUrl}: ${users} signed-in connections, ${seconds} s, ${paths.length} request kinds in turn`);
console.log(summary("console (browse, presign, contexts)", latencies, non2xx + result.errors + result.timeouts, result.requests.total));
console.log(`  throughput ${result.requests.average.toFixed(0)} req/s; socket errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${non2xx}`);
console.log(`  statuses ${[...statuses].map(([status, n]) => `${status}×${n}`).join(", ")}`);
console.log(`  console RSS before ${rssBefore}, after ${rssAfter}`);

console.log(await raw("raw S3 ListObjectsV2 (100 keys)", () => s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: "/", MaxKeys: 100 }))));
console.log(await raw("raw PostgreSQL session lookup", () => db().session.findFirst({ select: { expiresAt: true } })));
console.log(await raw("raw PostgreSQL contexts page", () => db().$queryRaw`SELECT id FROM user_contexts ORDER BY updated_at DESC, id DESC LIMIT 21`));

const sorted = [...latencies].sort((a, b) => a - b);
const p95 = percentile(sorted, 95);
const errors = non2xx + result.errors + result.timeouts;
console.log(`\ntarget p95 < 300 ms and 0 errors: p95 ${p95.toFixed(1)} ms, ${errors} errors: ${p95 < 300 && errors === 0 ? "MET" : "NOT MET"}`);
console.log(`after: ${uptime()}`);
stop();
process.exit(0);
