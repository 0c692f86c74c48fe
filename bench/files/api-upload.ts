/**
 * Uploading 1 GiB as a service does: over HTTP to a running console's /api/v1/files (Keycloak client
 * credentials; plan, signing windows of parts, completion), the parts PUT straight to the store, against
 * @aws-sdk/lib-storage's Upload with the plan's part size and parallelism (a client holding S3 credentials).
 * Target: throughput ratio ≥ 0.90. Objects land in `bench-files-api` and are deleted.
 *
 * Needs a running console (the built one: `./strata up` serves it on :3000; a `next dev` server compiles
 * routes on first use and answers slower, which is what this measures then) and Keycloak for the token.
 * The token is fetched before the clock starts, as a service reuses its token across uploads. Each API round
 * prints where its time went besides the parts: the plan, the signing requests, the completion.
 *
 *   APP_URL=http://localhost:3000 npx tsx bench/files/api-upload.ts [--mib 1024] [--rounds 3]
 */
import { CreateBucketCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { randomBytes } from "node:crypto";
import { bucketExists } from "../../lib/files/buckets";
import { nodeTransport } from "../../lib/files/node-transport";
import { MiB } from "../../lib/files/part-plan";
import { uploadParts } from "../../lib/files/part-uploader";
import { s3 } from "../../lib/s3/client";
import { arg, median, timed, uptime, verdict } from "./common";

const SIZE = arg("mib", 1024) * MiB;
const ROUNDS = arg("rounds", 3);
/** Parts signed per request; default: the part scheduler's own (32). `--window 8` is what it used to ask for. */
const WINDOW = process.argv.includes("--window") ? arg("window", 32) : undefined;
const api = `${process.env.APP_URL ?? "http://localhost:3000"}${process.env.BASE_PATH ?? ""}/api/v1`;
const issuer = process.env.OIDC_ISSUER ?? "http://localhost:8080/realms/strata";
const bucket = "bench-files-api";

async function serviceToken(): Promise<string> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: "strata-service", client_secret: process.env.SERVICE_CLIENT_SECRET ?? "strata-service-dev-secret" }),
  });
  if (!response.ok) throw new Error(`Keycloak: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

type Plan = { id: string; mode: "multipart"; partSize: number; partCount: number; concurrency: number; urls?: Record<number, string> };

const data = randomBytes(SIZE);
const view = (start: number, end: number) => new Uint8Array(data.buffer, data.byteOffset + start, end - start);
let planned: { partSize: number; concurrency: number } | null = null;
let token = "";
/** Milliseconds spent waiting for the app in the last API round. */
let appTime = { plan: 0, signing: [] as number[], complete: 0 };

async function throughTheApi(key: string): Promise<void> {
  let started = performance.now();
  const plan = await call<Plan>(token, "POST", "/files/uploads", { bucket, key, size: SIZE, contentType: "application/octet-stream" });
  appTime = { plan: performance.now() - started, signing: [], complete: 0 };
  if (plan.mode !== "multipart") throw new Error("expected a multipart plan: the size is below FILES_MULTIPART_THRESHOLD_BYTES");
  planned = { partSize: plan.partSize, concurrency: plan.concurrency };
  const parts = await uploadParts({
    plan: { size: SIZE, partSize: plan.partSize, partCount: plan.partCount },
    readPart: view,
    ...(plan.urls ? { signed: plan.urls } : {}),
    presign: async (partNumbers) => {
      const asked = performance.now();
      const { urls } = await call<{ urls: Record<number, string> }>(token, "POST", `/files/uploads/${plan.id}/parts`, { partNumbers });
      appTime.signing.push(performance.now() - asked);
      return urls;
    },
    transport: nodeTransport,
    concurrency: plan.concurrency,
    ...(WINDOW ? { presignWindow: WINDOW } : {}),
  });
  started = performance.now();
  await call(token, "POST", `/files/uploads/${plan.id}/complete`, { parts });
  appTime.complete = performance.now() - started;
}

async function libStorage(key: string): Promise<void> {
  if (!planned) throw new Error("the API round runs first, to learn the plan's part size");
  await new Upload({
    client: s3(),
    params: { Bucket: bucket, Key: key, Body: data, ContentType: "application/octet-stream" },
    partSize: planned.partSize,
    queueSize: planned.concurrency,
  }).done();
}

if (!(await bucketExists(bucket))) await s3().send(new CreateBucketCommand({ Bucket: bucket }));
const flows = { api: throughTheApi, "lib-storage": libStorage } as const;
const times: Record<keyof typeof flows, number[]> = { api: [], "lib-storage": [] };

console.log(`uploading ${SIZE / MiB} MiB through ${api}, ${ROUNDS} rounds (+1 warm-up), alternating order`);
token = await serviceToken();
for (let round = 0; round <= ROUNDS; round += 1) {
  const order = round % 2 === 0 ? (["api", "lib-storage"] as const) : (["lib-storage", "api"] as const);
  for (const name of order) {
    const key = `bench/${name}-${round}.bin`;
    const { ms } = await timed(() => flows[name](key));
    await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    if (round > 0) times[name].push(ms);
    const where =
      name === "api"
        ? ` — app: plan ${appTime.plan.toFixed(0)} ms, ${appTime.signing.length} signing requests ${appTime.signing.map((t) => t.toFixed(0)).join("/")} ms, complete ${appTime.complete.toFixed(0)} ms`
        : "";
    console.log(`${round === 0 ? "warm-up" : `round ${round}`}: ${name} ${(ms / 1000).toFixed(2)} s (${(SIZE / MiB / (ms / 1000)).toFixed(0)} MiB/s)${where}  [${uptime()}]`);
  }
}

const throughput = (name: keyof typeof flows) => SIZE / MiB / (median(times[name]) / 1000);
console.log(`\nparts of ${planned!.partSize / MiB} MiB, ${planned!.concurrency} in parallel`);
console.log(`/api/v1/files plan (Strata): ${throughput("api").toFixed(1)} MiB/s`);
console.log(`lib-storage Upload:          ${throughput("lib-storage").toFixed(1)} MiB/s`);
console.log(verdict("API plan vs lib-storage throughput", throughput("api") / throughput("lib-storage"), 0.9, "at least"));
console.log(uptime());
process.exit(0);
