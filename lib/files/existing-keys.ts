import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { s3 } from "@/lib/s3/client";
import { runLimited } from "./run-limited";
import { explainS3Error, isS3NotFound } from "./s3-errors";

export const existingKeysSchema = z.object({
  keys: z.array(z.string().min(1).max(1024).refine((k) => !k.endsWith("/"), "Ask about files, not folders (a key ending in /).")).min(1).max(1000),
});

/**
 * Which of these keys already hold an object: asked before an upload so the browser can offer to overwrite,
 * skip or cancel instead of replacing files silently (S3 PUTs overwrite without a word).
 */
export async function existingKeys(bucket: string, input: z.input<typeof existingKeysSchema>["keys"]): Promise<string[]> {
  const { keys } = existingKeysSchema.parse({ keys: input });
  const found = await runLimited([...new Set(keys)], 16, async (key) => {
    try {
      await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return key;
    } catch (error) {
      if (isS3NotFound(error)) return null;
      throw explainS3Error(error, `Checking ${key}`);
    }
  });
  return found.filter((k): k is string => k !== null);
}
