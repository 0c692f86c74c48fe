#!/usr/bin/env node
// Proves that a browser at the console's origin can upload to the S3 store directly: CORS preflight, a
// presigned PUT, a presigned multipart part PUT and a presigned GET, each answering with
// Access-Control-Allow-Origin and an ETag the page can read (Access-Control-Expose-Headers).
// Works against any S3 store (the local SeaweedFS by default). Creates and removes a scratch bucket.
// Usage: node scripts/stack/check-s3-cors.mjs [origin ...]   (S3_ENDPOINT, S3_ACCESS_KEY_ID, ... as the app)
import http from "node:http";
import https from "node:https";
import {
  S3Client,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  GetObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  AbortMultipartUploadCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

const endpoint = process.env.S3_PUBLIC_ENDPOINT ?? process.env.S3_ENDPOINT ?? `http://127.0.0.1:${process.env.S3_PORT ?? 8333}`;
const origins = process.argv.slice(2).length ? process.argv.slice(2) : ["http://localhost:3000", "http://127.0.0.1:3000"];
const s3 = new S3Client({
  endpoint,
  region: process.env.S3_REGION ?? "us-east-1",
  forcePathStyle: (process.env.S3_FORCE_PATH_STYLE ?? "true") !== "false",
  credentials: {
    accessKeyId: process.env.S3_ACCESS_KEY_ID ?? "strata",
    secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? "strata-dev-secret",
  },
  // As lib/s3/client.ts: checksums only when an operation requires them. SeaweedFS verifies the CRC32 the
  // SDK adds by default, and a presigned PUT signed with one fails with BadDigest from a browser.
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});
const bucket = `strata-cors-check-${Date.now().toString(36)}`;
let failures = 0;

function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}

// Raw request (fetch would drop or rewrite the Origin header), returns status and headers.
function raw(method, url, headers, body) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = (u.protocol === "https:" ? https : http).request(u, { method, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function show(label, r) {
  const h = r.headers;
  console.log(`  ${label}: HTTP ${r.status}`);
  for (const k of ["access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
    "access-control-expose-headers", "etag"]) {
    if (h[k] !== undefined) console.log(`    ${k}: ${h[k]}`);
  }
}

function exposes(r, header) {
  const list = String(r.headers["access-control-expose-headers"] ?? "").toLowerCase().split(/\s*,\s*/);
  return list.includes(header.toLowerCase()) || list.includes("*");
}

function corsOk(label, r, origin, { preflight = false } = {}) {
  const allow = r.headers["access-control-allow-origin"];
  check(r.status >= 200 && r.status < 300, `${label}: HTTP 2xx`);
  check(allow === origin || allow === "*", `${label}: Access-Control-Allow-Origin = ${allow}`);
  if (!preflight) {
    check(!!r.headers.etag, `${label}: ETag header present`);
    check(exposes(r, "ETag"), `${label}: Access-Control-Expose-Headers includes ETag`);
  }
}

console.log(`S3 endpoint ${endpoint}, scratch bucket ${bucket}`);
await s3.send(new CreateBucketCommand({ Bucket: bucket }));
let uploadId;
try {
  for (const origin of origins) {
    console.log(`origin ${origin}`);
    const key = `cors/${origin.replace(/\W+/g, "_")}.txt`;
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: "text/plain" }), { expiresIn: 300 });

    const pre = await raw("OPTIONS", putUrl, {
      Origin: origin,
      "Access-Control-Request-Method": "PUT",
      "Access-Control-Request-Headers": "content-type",
    });
    show("preflight OPTIONS (PUT, content-type)", pre);
    corsOk("preflight", pre, origin, { preflight: true });

    const put = await raw("PUT", putUrl, { Origin: origin, "Content-Type": "text/plain" }, "hello from the browser\n");
    show("presigned PUT", put);
    corsOk("presigned PUT", put, origin);

    const mpu = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: `${key}.multipart` }));
    uploadId = mpu.UploadId;
    const partUrl = await getSignedUrl(s3, new UploadPartCommand({
      Bucket: bucket, Key: `${key}.multipart`, UploadId: uploadId, PartNumber: 1,
    }), { expiresIn: 300 });
    const prePart = await raw("OPTIONS", partUrl, { Origin: origin, "Access-Control-Request-Method": "PUT" });
    corsOk("preflight (multipart part)", prePart, origin, { preflight: true });
    const part = await raw("PUT", partUrl, { Origin: origin }, Buffer.alloc(5 * 1024 * 1024, 97));
    show("presigned UploadPart PUT", part);
    corsOk("presigned UploadPart", part, origin);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: `${key}.multipart`, UploadId: uploadId }));
    uploadId = undefined;

    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 300 });
    const get = await raw("GET", getUrl, { Origin: origin });
    show("presigned GET", get);
    corsOk("presigned GET", get, origin);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }

  const evil = await raw("OPTIONS", `${endpoint}/${bucket}/x`, {
    Origin: "http://evil.example", "Access-Control-Request-Method": "PUT",
  });
  const allowEvil = evil.headers["access-control-allow-origin"];
  console.log(`origin http://evil.example: preflight HTTP ${evil.status}, allow-origin=${allowEvil ?? "(none)"}`);
  check(allowEvil !== "http://evil.example" && allowEvil !== "*", "other origins are not allowed");
} finally {
  if (uploadId) await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "x", UploadId: uploadId })).catch(() => {});
  await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch((e) => console.log(`cleanup: ${e.message}`));
}
console.log(failures ? `${failures} check(s) failed` : "all S3 CORS checks passed");
process.exit(failures ? 1 : 0);
