import {
  CreateBucketCommand,
  DeleteBucketCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
} from "@aws-sdk/client-s3";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { badRequest, conflict } from "@/lib/http/errors";
import { s3 } from "@/lib/s3/client";
import { bucketDiskTypes } from "@/lib/s3/placement";
import { applyBucketCors } from "./cors";
import { bucketNameProblem, s3Uri } from "./names";
import { explainS3Error, isS3NotFound, s3ErrorCode } from "./s3-errors";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";

export type BucketUsageSummary = { objects: number; bytes: number; computedAt: string };
/** `diskType`: where the store places the bucket's data (ssd, hdd, …), when the store says (SeaweedFS). */
export type BucketSummary = { name: string; createdAt: string | null; usage: BucketUsageSummary | null; diskType: string | null };

export async function listBuckets(): Promise<BucketSummary[]> {
  let buckets;
  try {
    buckets = (await s3().send(new ListBucketsCommand({}))).Buckets ?? [];
  } catch (error) {
    throw explainS3Error(error, "Listing buckets");
  }
  const [usageRows, diskTypes] = await Promise.all([db().bucketUsage.findMany(), bucketDiskTypes()]);
  const usage = new Map(usageRows.map((u) => [u.bucket, u]));
  return buckets
    .filter((b): b is typeof b & { Name: string } => typeof b.Name === "string")
    .map((b) => {
      const u = usage.get(b.Name);
      return {
        name: b.Name,
        createdAt: b.CreationDate?.toISOString() ?? null,
        usage: u ? { objects: Number(u.objects), bytes: Number(u.bytes), computedAt: u.computedAt.toISOString() } : null,
        diskType: diskTypes.get(b.Name) ?? null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function bucketExists(bucket: string): Promise<boolean> {
  try {
    await s3().send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if (isS3NotFound(error)) return false;
    throw explainS3Error(error, `Bucket ${bucket}`);
  }
}

/** Creates a bucket (or accepts one this account already owns) and applies the console's CORS rule. */
export async function createBucketInStore(bucket: string): Promise<"created" | "existing"> {
  let outcome: "created" | "existing" = "created";
  try {
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (s3ErrorCode(error) !== "BucketAlreadyOwnedByYou") throw error;
    outcome = "existing";
  }
  await applyBucketCors(bucket);
  return outcome;
}

export async function createBucket(caller: Caller, name: string): Promise<{ name: string }> {
  return mutate(caller, { role: "admin", action: "files.bucket.create", target: s3Uri(name) }, async () => {
    const problem = bucketNameProblem(name);
    if (problem) throw badRequest(problem);
    try {
      if ((await createBucketInStore(name)) === "existing") throw conflict(`A bucket named ${name} already exists.`);
    } catch (error) {
      if (s3ErrorCode(error) === "BucketAlreadyExists") throw conflict(`The name ${name} is taken by another account's bucket.`);
      throw explainS3Error(error, `Creating bucket ${name}`);
    }
    return { name };
  });
}

/** Deletes an empty bucket; a bucket with objects is refused with the reason, never emptied behind anyone's back. */
export async function deleteBucket(caller: Caller, name: string): Promise<{ name: string }> {
  return mutate(caller, { role: "admin", action: "files.bucket.delete", target: s3Uri(name) }, async () => {
    try {
      const page = await s3().send(new ListObjectsV2Command({ Bucket: name, MaxKeys: 1 }));
      if ((page.KeyCount ?? page.Contents?.length ?? 0) > 0) {
        throw conflict(`Bucket ${name} is not empty: it still holds objects (such as ${page.Contents?.[0]?.Key}). Delete them first.`);
      }
      await s3().send(new DeleteBucketCommand({ Bucket: name }));
    } catch (error) {
      if (s3ErrorCode(error) === "BucketNotEmpty") {
        throw conflict(`Bucket ${name} is not empty: it holds object versions or unfinished uploads. Remove them first.`);
      }
      throw explainS3Error(error, `Deleting bucket ${name}`);
    }
    await db().bucketUsage.deleteMany({ where: { bucket: name } });
    return { name };
  });
}

/** Makes sure every configured default bucket exists, with CORS applied. Safe to run any number of times. */
export async function ensureDefaultBuckets(names: string[] = env().DEFAULT_BUCKETS): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const name of names) {
    const problem = bucketNameProblem(name);
    if (problem) throw new Error(`DEFAULT_BUCKETS has "${name}": ${problem}`);
    if (await bucketExists(name)) {
      await applyBucketCors(name);
      existing.push(name);
    } else {
      ((await createBucketInStore(name)) === "created" ? created : existing).push(name);
    }
  }
  return { created, existing };
}
