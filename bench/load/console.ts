/**
 * Load on the built console: `--users` signed-in people (real Keycloak sign-ins of the dev users, one session
 * each) browsing a folder, presigning a download and reading their contexts, in turn. Two models:
 *
 *  - people (the target's, issue #12: "200 concurrent signed-in users browsing"): each person sends a request,
 *    reads the whole answer, then thinks 1–3 s (uniformly at random) before the next, on a keep-alive
 *    connection of their own, as a browser does. Closed loop: 200 people offer about 200 / (2 s + latency)
 *    ≈ 95 requests/s. Starts are spread over the first 2 s so 200 people do not click in the same millisecond.
 *    A renewed session cookie (Set-Cookie) replaces the old one, as in a browser. The first 10 s warm the
 *    console up (each route's code loads on its first request) and are not counted.
 *  - saturation (`--no-think`): autocannon, one connection per person, no think time: the console's
 *    throughput ceiling. Its latency is queueing: by Little's law, connections / throughput.
 *
 * Each prints p50/p95/p99, errors, statuses, throughput, the console's RSS and CPU per request, `uptime`, and
 * beside them the raw S3 ListObjectsV2 / PostgreSQL calls behind those requests, driven the same way from this
 * process (people thinking, or all at once). Target on this machine: p95 < 300 ms, 0 errors, for people.
 *
 *   APP_URL=http://localhost:3000 npx tsx bench/load/console.ts [--users 200] [--seconds 30] [--bucket user-data]
 *                                                               [--mode both|people|saturation] [--no-think]
 *
 * Default `--mode both` (people, then saturation); `--no-think` is `--mode saturation`. `DIAG=<file>` writes
 * each person's request (start time in Unix seconds, kind, latency ms) there, to line a tail up with the
 * machine's CPU over time. Self-contained: when
 * nothing answers at APP_URL, it starts the built console from this checkout (`next start`, building first
 * when there is no build) on APP_URL's port and stops it at the end. Keycloak only returns sign-ins to
 * localhost:3000–3007, so APP_URL's port must be one of those. A development server (`next dev`, recognised by
 * its CSP allowing 'unsafe-eval') is refused: its figures say nothing about the built console.
 * About 5 minutes with the defaults.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
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
const seconds = Number(arg("seconds", "30"));
const bucket = arg("bucket", "user-data");
const mode = process.argv.includes("--no-think") ? "saturation" : arg("mode", "both");
if (!["both", "people", "saturation"].includes(mode)) throw new Error(`--mode is both, people or saturation, not ${mode}`);
const prefix = "bench-load/";
const key = `${prefix}hello.txt`;
const THINK_MIN_MS = 1_000;
const THINK_MAX_MS = 3_000;
const WARMUP_SECONDS = 10;
const think = () => THINK_MIN_MS + Math.random() * (THINK_MAX_MS - THINK_MIN_MS);

const paths = [
  `/api/files/buckets/${bucket}/objects?prefix=${encodeURIComponent(prefix)}&limit=100`,
  `/api/files/buckets/${bucket}/download?key=${encodeURIComponent(key)}&format=json`,
  `/api/contexts?limit=20`,
];

const kindNames = ["browse a folder (S3 list)", "presign a download", "read contexts (PostgreSQL)"];

type Run = { latencies: number[]; statuses: Map<number, number>; failures: number; seconds: number; byKind?: number[][]; reasons?: Map<string, number> };

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Errors: anything but a 2xx, and requests that got no answer (`failures`: socket errors, timeouts). */
function errorsOf(run: Run): number {
  return run.failures + [...run.statuses].reduce((n, [status, count]) => n + (status >= 200 && status < 300 ? 0 : count), 0);
}

function summary(label: string, run: Run): string {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(1)} ms`;
  const rate = (run.latencies.length / run.seconds).toFixed(0);
  return `${label.padEnd(40)} n=${run.latencies.length} p50=${f(percentile(sorted, 50))} p95=${f(percentile(sorted, 95))} p99=${f(percentile(sorted, 99))} errors=${errorsOf(run)} ${rate}/s`;
}

const diag: string[] = [];
const root = path.resolve(import.meta.dirname, "../..");
const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();

/** The process listening on the console's port (the built console: `next start`). */
function consolePid(): string | undefined {
  try {
    const port = new URL(appUrl).port || "80";
    return /pid=(\d+)/.exec(execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" }))?.[1];
  } catch {
    return undefined;
  }
}

function consoleRssMiB(pid: string | undefined): string {
  const rss = pid ? /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] : undefined;
  return rss ? `${(Number(rss) / 1024).toFixed(0)} MiB` : "unknown";
}

/** CPU seconds (user + system) the console has used: per request, the figure a busy machine distorts least. */
function consoleCpuSeconds(pid: string | undefined): number {
  if (!pid) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * `users` people, each doing `step` (which returns the HTTP status, or throws when there was no answer) then
 * thinking, for `durationSeconds`. Latency is from sending to the last byte of the answer.
 */
async function people(durationSeconds: number, step: (person: number, click: number) => Promise<number>): Promise<Run> {
  const run: Run = { latencies: [], statuses: new Map(), failures: 0, seconds: durationSeconds, byKind: paths.map(() => []), reasons: new Map() };
  const until = Date.now() + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: users }, async (_, person) => {
      await sleep(Math.random() * (THINK_MIN_MS + THINK_MAX_MS) / 2);
      for (let click = person; Date.now() < until; click++) {
        const started = performance.now();
        try {
          const status = await step(person, click);
          run.statuses.set(status, (run.statuses.get(status) ?? 0) + 1);
        } catch (error) {
          run.failures += 1;
          const reason = (error as NodeJS.ErrnoException).code ?? String(error);
          run.reasons!.set(reason, (run.reasons!.get(reason) ?? 0) + 1);
        }
        const latency = performance.now() - started;
        run.latencies.push(latency);
        run.byKind![click % paths.length]!.push(latency);
        if (process.env.DIAG) diag.push(`${((performance.timeOrigin + started) / 1000).toFixed(3)} ${click % paths.length} ${latency.toFixed(1)}`);
        await sleep(think());
      }
    }),
  );
  return run;
}

/** Everyone at once, no think time: for the raw calls beside the saturation run. */
async function allAtOnce(durationSeconds: number, call: () => Promise<unknown>): Promise<Run> {
  const run: Run = { latencies: [], statuses: new Map(), failures: 0, seconds: durationSeconds };
  const until = Date.now() + durationSeconds * 1000;
  await runLimited(Array.from({ length: users }), users, async () => {
    while (Date.now() < until) {
      const started = performance.now();
      try {
        await call();
        run.statuses.set(200, (run.statuses.get(200) ?? 0) + 1);
      } catch {
        run.failures += 1;
      }
      run.latencies.push(performance.now() - started);
    }
  });
  return run;
}

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

/** The value of a renewed session cookie in a response, if the console sent one. */
function renewedCookie(setCookie: string | string[] | undefined): string | undefined {
  for (const line of [setCookie ?? []].flat()) {
    const match = /^strata_session=([^;]*)/.exec(line);
    if (match?.[1]) return match[1];
  }
  return undefined;
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
const pid = consolePid();

await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "hello", ContentType: "text/plain" }));

console.log(`signing in ${users} sessions…`);
const devUsers = ["viewer", "editor", "admin"];
const cookies = await runLimited(
  Array.from({ length: users }, (_, i) => devUsers[i % devUsers.length]!),
  8,
  (user) => signInOverHttp(appUrl, user, `${user}-dev-password`),
);

const raws: [string, () => Promise<unknown>][] = [
  ["raw S3 ListObjectsV2 (100 keys)", () => s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: "/", MaxKeys: 100 }))],
  ["raw PostgreSQL session lookup", () => db().session.findFirst({ select: { expiresAt: true } })],
  ["raw PostgreSQL contexts page", () => db().$queryRaw`SELECT id FROM user_contexts ORDER BY updated_at DESC, id DESC LIMIT 21`],
];

/** Measures `drive` against the console, then prints it with RSS, CPU per request and uptime. */
async function measure(label: string, drive: () => Promise<Run>): Promise<Run> {
  const rssBefore = consoleRssMiB(pid);
  const cpuBefore = consoleCpuSeconds(pid);
  const run = await drive();
  const cpu = consoleCpuSeconds(pid) - cpuBefore;
  console.log(summary(label, run));
  run.byKind?.forEach((latencies, kind) => console.log(summary(`  ${kindNames[kind]}`, { ...run, latencies, statuses: new Map(), failures: 0 })));
  const reasons = run.reasons?.size ? ` (${[...run.reasons].map(([reason, n]) => `${reason}×${n}`).join(", ")})` : "";
  console.log(`  statuses ${[...run.statuses].map(([status, n]) => `${status}×${n}`).join(", ")}; no answer ${run.failures}${reasons}`);
  console.log(`  console pid ${pid}: RSS ${rssBefore} → ${consoleRssMiB(pid)}; CPU ${((cpu * 1000) / run.latencies.length).toFixed(2)} ms/request (${((100 * cpu) / run.seconds).toFixed(0)}% of a core)`);
  console.log(`  ${uptime()}`);
  return run;
}

/**
 * One request of a person, on their own keep-alive connection, with their (possibly renewed) cookie. Like a
 * browser, a GET that meets a kept-alive connection the server has just closed (it closes idle ones after
 * 5 s) is sent again once on a new connection: Node's documented pattern (`request.reusedSocket`).
 */
const agents = Array.from({ length: users }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
const personCookies = [...cookies];
const send = (person: number, click: number, retried = false): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const request = http.get(`${appUrl}${paths[click % paths.length]}`, {
      agent: agents[person],
      headers: { cookie: `strata_session=${personCookies[person]}`, accept: "application/json" },
      timeout: 30_000,
    });
    request.on("response", (response) => {
      personCookies[person] = renewedCookie(response.headers["set-cookie"]) ?? personCookies[person]!;
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (!retried && request.reusedSocket && error.code === "ECONNRESET") resolve(send(person, click, true));
      else reject(error);
    });
  });

// A console that has served for a while, not one just started: the first requests of each route load and
// compile its code (hundreds of ms each on this machine), which no measured run may count.
const warm = await people(WARMUP_SECONDS, send);
console.log(`warm-up (people, not counted): ${warm.latencies.length} requests in ${WARMUP_SECONDS} s, ${errorsOf(warm)} errors`);

const verdicts: string[] = [];

if (mode !== "saturation") {
  console.log(`\npeople: ${users} signed-in people on ${appUrl}, ${seconds} s, each thinking ${THINK_MIN_MS / 1000}–${THINK_MAX_MS / 1000} s between requests, ${paths.length} request kinds in turn`);
  const run = await measure("console (browse, presign, contexts)", () => people(seconds, send));
  for (const [label, call] of raws) console.log(summary(label, await people(seconds / 2, () => call().then(() => 200))));
  const p95 = percentile([...run.latencies].sort((a, b) => a - b), 95);
  const errors = errorsOf(run);
  verdicts.push(`people (thinking 1–3 s): p95 ${p95.toFixed(1)} ms, ${errors} errors: target p95 < 300 ms and 0 errors ${p95 < 300 && errors === 0 ? "MET" : "NOT MET"}`);
}

if (mode !== "people") {
  console.log(`\nsaturation: ${users} connections on ${appUrl}, ${seconds} s, no think time (autocannon), ${paths.length} request kinds in turn`);
  let next = 0;
  const run = await measure("console (browse, presign, contexts)", async () => {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    // One session per connection. autocannon's client.setHeaders() only changes the request kind that is
    // current (the first), so the cookie goes on every request here, from the connection's own context.
    const result = await autocannon({
      url: appUrl,
      connections: users,
      duration: seconds,
      initialContext: {},
      requests: paths.map((path) => ({
        method: "GET" as const,
        path,
        setupRequest: (request: autocannon.Request, context: { cookie?: string }) => {
          context.cookie ??= personCookies[next++ % personCookies.length];
          return { ...request, headers: { ...request.headers, cookie: `strata_session=${context.cookie}`, accept: "application/json" } };
        },
        onResponse: (_status: number, _body: string, context: object, headers?: http.IncomingHttpHeaders) => {
          const session = context as { cookie?: string };
          session.cookie = renewedCookie(headers?.["set-cookie"]) ?? session.cookie;
        },
      })),
      setupClient: (client) => {
        client.on("response", (status: number, _bytes: number, responseTime: number) => {
          latencies.push(responseTime);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        });
      },
    });
    return { latencies, statuses, failures: result.errors + result.timeouts, seconds };
  });
  for (const [label, call] of raws) console.log(summary(label, await allAtOnce(seconds / 2, call)));
  const p95 = percentile([...run.latencies].sort((a, b) => a - b), 95);
  verdicts.push(`saturation (no think time): p95 ${p95.toFixed(1)} ms, ${errorsOf(run)} errors, ${(run.latencies.length / seconds).toFixed(0)} req/s (the ceiling; no target)`);
}

console.log("");
for (const verdict of verdicts) console.log(verdict);
console.log(`after: ${uptime()}`);
if (process.env.DIAG) (await import("node:fs")).writeFileSync(process.env.DIAG, diag.join("\n"));
stop();
process.exit(0);
