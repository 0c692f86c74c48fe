import { PutObjectCommand } from "@aws-sdk/client-s3";
import { badRequest } from "@/lib/http/errors";
import { s3 } from "@/lib/s3/client";
import { objectKeyProblem, s3Uri } from "./names";
import { explainS3Error } from "./s3-errors";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";

/**
 * S3 has no folders: a "folder" is a common prefix, and an empty one exists only as a zero-byte marker
 * object whose key ends in "/" (what the AWS console creates too).
 */
export async function createFolder(caller: Caller, bucket: string, parent: string, name: string): Promise<{ prefix: string }> {
  const prefix = `${parent}${name.trim()}/`;
  return mutate(caller, { role: "editor", action: "files.folder.create", target: s3Uri(bucket, prefix) }, async () => {
    if (parent !== "" && !parent.endsWith("/")) throw badRequest("The parent must be a folder (ending in /).");
    if (name.trim() === "" || name.includes("/")) throw badRequest("A folder name is not empty and has no /.");
    const problem = objectKeyProblem(prefix);
    if (problem) throw badRequest(problem);
    try {
      await s3().send(new PutObjectCommand({ Bucket: bucket, Key: prefix, Body: new Uint8Array(0), ContentLength: 0 }));
    } catch (error) {
      throw explainS3Error(error, `Creating folder ${prefix}`);
    }
    return { prefix };
  });
}
