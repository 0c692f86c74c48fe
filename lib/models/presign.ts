import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl, S3RequestPresigner } from "@aws-sdk/s3-request-presigner";

/**
 * Presigned GETs for resolve, which may sign every file of a model on each call. `getSignedUrl` builds a new
 * presigner, clones the client's middleware stack and resolves the endpoint for every URL it signs; here
 * that is done once per client and bucket: the first URL is made by `getSignedUrl` (the reference), and it
 * tells where keys go (the URL's origin and the path before the key, path-style or virtual-hosted). Every
 * later URL is the same request with another key, signed by one long-lived presigner (SigV4 query
 * signature, UNSIGNED-PAYLOAD, as getSignedUrl does). `fastPresign.test.ts` holds the two to the same bytes.
 */

type Base = { protocol: string; hostname: string; port: number | undefined; pathPrefix: string; query: Record<string, string> };
type Signer = { presigner: S3RequestPresigner; bases: Map<string, Promise<Base>> };

const PROBE = "strata-probe";
const SIGNATURE_FIELDS = new Set(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Content-Sha256"]);
const signers = new WeakMap<S3Client, Signer>();

/** S3's encoding of a key in a path: each segment URI-encoded, including !'()*, and "/" kept. */
export function encodeKeyPath(key: string): string {
  return key
    .split("/")
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join("/");
}

function signerFor(client: S3Client): Signer {
  let signer = signers.get(client);
  if (!signer) {
    signer = { presigner: new S3RequestPresigner({ ...client.config }), bases: new Map() };
    signers.set(client, signer);
  }
  return signer;
}

async function baseFor(client: S3Client, signer: Signer, bucket: string): Promise<Base> {
  let base = signer.bases.get(bucket);
  if (!base) {
    base = getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: PROBE }), { expiresIn: 60 }).then((href) => {
      const url = new URL(href);
      if (!url.pathname.endsWith(`/${PROBE}`)) throw new Error(`unexpected presigned URL shape for bucket ${bucket}`);
      const query: Record<string, string> = {};
      // Keep what the SDK adds besides the signature (x-id=GetObject, x-amz-checksum-mode), drop the signature's own fields.
      for (const [k, v] of url.searchParams) if (!SIGNATURE_FIELDS.has(k)) query[k] = v;
      return {
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        pathPrefix: url.pathname.slice(0, -PROBE.length),
        query,
      };
    });
    signer.bases.set(bucket, base);
    base.catch(() => signer.bases.delete(bucket));
  }
  return base;
}

/** A presigned GET of `bucket/key` through `client` (its endpoint, credentials and region), valid for `expiresIn` seconds. */
export async function presignGet(client: S3Client, bucket: string, key: string, expiresIn: number, signingDate?: Date): Promise<string> {
  const signer = signerFor(client);
  const base = await baseFor(client, signer, bucket);
  const host = base.port === undefined ? base.hostname : `${base.hostname}:${base.port}`;
  const signed = await signer.presigner.presign(
    { method: "GET", protocol: base.protocol, hostname: base.hostname, port: base.port, path: base.pathPrefix + encodeKeyPath(key), query: { ...base.query }, headers: { host } },
    { expiresIn, ...(signingDate ? { signingDate } : {}) },
  );
  const query = Object.entries(signed.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((one) => [k, one] as const) : v === null ? [] : [[k, v] as const]))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return `${base.protocol}//${host}${signed.path}${query ? `?${query}` : ""}`;
}
