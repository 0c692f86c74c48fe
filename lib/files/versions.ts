import { DeleteObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { s3 } from "@/lib/s3/client";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";
import { s3Uri } from "./names";
import { copyObject } from "./copy-object";
import { presignDownload, type PresignedUrl } from "./presign";
import { explainS3Error } from "./s3-errors";

/**
 * Previous versions of an object (buckets with versioning on): download one, restore one (a server-side
 * copy of it over the current object, which becomes a new version, so nothing is lost), and, for admins,
 * delete one for good.
 */

/** Fails with 404 when the object (or that version of it; a delete marker has no bytes) does not exist. */
async function requireVersion(bucket: string, key: string, versionId?: string): Promise<void> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  } catch (error) {
    throw explainS3Error(error, versionId === undefined ? `s3://${bucket}/${key}` : `Version ${versionId} of ${key}`);
  }
}

/**
 * A presigned GET of an object, or of one of its versions, downloaded under the object's own name. The
 * object is checked first, so a service gets a 404 from Strata rather than a URL that answers 404.
 */
export async function presignObjectDownload(
  bucket: string,
  key: string,
  options: { versionId?: string | undefined; disposition?: "attachment" | "inline" } = {},
): Promise<PresignedUrl> {
  await requireVersion(bucket, key, options.versionId);
  return presignDownload(bucket, key, { disposition: options.disposition ?? "attachment", ...(options.versionId ? { versionId: options.versionId } : {}) });
}

/** Copies a previous version over the current object; answers the version the restore created. */
export async function restoreVersion(caller: Caller, bucket: string, key: string, versionId: string): Promise<{ key: string; versionId: string | null }> {
  return mutate(
    caller,
    { role: "editor", action: "files.object.restore-version", target: s3Uri(bucket, key) },
    async () => {
      await requireVersion(bucket, key, versionId);
      try {
        const { versionId: created } = await copyObject({ bucket, key, versionId }, { bucket, key });
        return { key, versionId: created };
      } catch (error) {
        throw explainS3Error(error, `Restoring version ${versionId} of ${key}`);
      }
    },
    (result) => ({ restoredVersion: versionId, newVersion: result.versionId }),
  );
}

/** Deletes one version permanently (not a delete marker: the bytes go). Admins only. */
export async function deleteVersion(caller: Caller, bucket: string, key: string, versionId: string): Promise<{ key: string; versionId: string }> {
  return mutate(
    caller,
    { role: "admin", action: "files.object.delete-version", target: s3Uri(bucket, key) },
    async () => {
      try {
        await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
      } catch (error) {
        throw explainS3Error(error, `Deleting version ${versionId} of ${key}`);
      }
      return { key, versionId };
    },
    () => ({ versionId }),
  );
}
