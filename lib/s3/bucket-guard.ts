import type { S3Client } from "@aws-sdk/client-s3";

/**
 * Every S3 call names its bucket through here before anything is sent or signed. With path-style
 * addressing a "bucket" such as `../backups` or `a/../b` becomes part of the request path, and the store
 * (or a proxy in front of it) normalises it into another bucket; so a name that cannot be a bucket is
 * refused as the store itself would refuse it (InvalidBucketName, a 400 through lib/s3/errors.ts).
 * The rule is the permissive legacy one (S3 still serves such buckets); creating a bucket is stricter.
 */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/;

export function isAddressableBucket(name: string): boolean {
  return BUCKET.test(name) && !name.includes("..");
}

export class InvalidBucketNameError extends Error {
  readonly Code = "InvalidBucketName";
  readonly $metadata = { httpStatusCode: 400 };
  constructor(bucket: string) {
    super(`Not a valid bucket name: ${JSON.stringify(bucket.slice(0, 80))}`);
    this.name = "InvalidBucketName";
  }
}

/** Installs the check on a client (idempotent): every command and every presigned URL goes through it. */
export function guardBucketNames(client: S3Client): S3Client {
  client.middlewareStack.add(
    (next) => async (args) => {
      const bucket = (args.input as { Bucket?: unknown }).Bucket;
      if (typeof bucket === "string" && !isAddressableBucket(bucket)) throw new InvalidBucketNameError(bucket);
      return next(args);
    },
    { step: "initialize", name: "strataBucketGuard", override: true },
  );
  return client;
}
