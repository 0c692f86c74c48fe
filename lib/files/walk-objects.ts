import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { s3 } from "@/lib/s3/client";

export type WalkedObject = { key: string; size: number };

/** Every object under a prefix, all levels deep, a page (up to 1,000) at a time: for bulk work and usage counts. */
export async function* walkObjects(bucket: string, prefix: string): AsyncGenerator<WalkedObject[]> {
  let token: string | undefined;
  do {
    const page = await s3().send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix === "" ? undefined : prefix, ContinuationToken: token }),
    );
    yield (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ key: o.Key, size: o.Size ?? 0 }]));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
