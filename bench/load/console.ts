/**
 * Load on a running console with a real HTTP load generator (autocannon): `--users` signed-in sessions
 * (real Keycloak sign-ins of the dev users, one session per connection) browsing a folder, presigning a
 * download and searching contexts, for `--seconds`. Prints p50/p95/p99, errors and the console's RSS, and
 * beside them the raw S3 ListObjectsV2 / PostgreSQL calls behind those requests at the same concurrency.
 * Target on this machine: p95 < 300 ms, 0 errors.
 *
 *   APP_URL=http://localhost:3000 npx tsx bench/load/console.ts [--users 200] [--seconds 20] [--bucket user-data]
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
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
let next = 0;
const rssBefore = consoleRssMiB();
const result = await autocannon({
  url: appUrl,
  connections: users,
  duration: seconds,
  requests: paths.map((path) => ({ method: "GET", path })),
  setupClient: (client) => {
    client.setHeaders({ cookie: `strata_session=${cookies[next++ % cookies.length]}`, accept: "application/json" });
    client.on("response", (status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (status < 200 || status >= 300) non2xx += 1;
    });
  },
});
const rssAfter = consoleRssMiB();

console.log(`\nconsole ${appUrl}: ${users} signed-in connections, ${seconds} s, ${paths.length} request kinds in turn`);
console.log(summary("console (browse, presign, contexts)", latencies, non2xx + result.errors + result.timeouts, result.requests.total));
console.log(`  throughput ${result.requests.average.toFixed(0)} req/s; socket errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${non2xx}`);
console.log(`  console RSS before ${rssBefore}, after ${rssAfter}`);

console.log(await raw("raw S3 ListObjectsV2 (100 keys)", () => s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: "/", MaxKeys: 100 }))));
console.log(await raw("raw PostgreSQL session lookup", () => db().session.findFirst({ select: { expiresAt: true } })));
console.log(await raw("raw PostgreSQL contexts page", () => db().$queryRaw`SELECT id FROM user_contexts ORDER BY updated_at DESC, id DESC LIMIT 21`));

const sorted = [...latencies].sort((a, b) => a - b);
const p95 = percentile(sorted, 95);
const errors = non2xx + result.errors + result.timeouts;
console.log(`\ntarget p95 < 300 ms and 0 errors: p95 ${p95.toFixed(1)} ms, ${errors} errors: ${p95 < 300 && errors === 0 ? "MET" : "NOT MET"}`);
process.exit(0);
