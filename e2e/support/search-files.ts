import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { env } from "../../lib/config/env";
import { ensureDefaultBuckets } from "../../lib/files/buckets";
import { s3 } from "../../lib/s3/client";
import { makePdf } from "../../tests/search/fixtures";

/**
 * Files for e2e/search.spec.ts under s3://rag-documents/<prefix>:
 *   npx tsx e2e/support/search-files.ts put <prefix>     a Markdown guide, a text note and a broken PDF
 *   npx tsx e2e/support/search-files.ts fix <prefix>     replaces the broken PDF by a readable one
 *   npx tsx e2e/support/search-files.ts live <prefix> <word>   12 one-line notes under <prefix>; the
 *       last 3 (by key, so by indexing order) carry <word>, which the spec's embedding server holds
 *   npx tsx e2e/support/search-files.ts clean <prefix>   deletes everything under the prefix
 */

const BUCKET = "rag-documents";
const [verb, prefix, word] = process.argv.slice(2);
if (!verb || !prefix?.endsWith("/") || (verb === "live" && !word)) throw new Error("usage: search-files.ts put|fix|clean <prefix/>, or live <prefix/> <word>");
env();
const put = (key: string, body: string | Uint8Array, type: string) => s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}${key}`, Body: body, ContentType: type }));

if (verb === "put") {
  await ensureDefaultBuckets([BUCKET]);
  await put("lighthouse.md", "# Lighthouse keeping\n\nThe keeper trims the lamp wick every evening and logs passing ships.\n\n## Storms\n\nDuring a gale the keeper sounds the fog horn every thirty seconds.", "text/markdown");
  await put("notes.txt", "Supplies arrive by boat on the first Monday of each month.", "text/plain");
  await put("manual.pdf", "%PDF-1.7\nthis file is damaged\n%%EOF", "application/pdf");
} else if (verb === "fix") {
  await put("manual.pdf", makePdf(["The lens of the lighthouse rotates once every ten seconds."], "Lens manual"), "application/pdf");
} else if (verb === "live") {
  for (let n = 0; n < 12; n++) {
    const about = n >= 9 ? `the ${word} hangar` : "the harbour";
    await put(`note-${String(n).padStart(2, "0")}.txt`, `Note ${n} is about ${about}.`, "text/plain");
  }
} else if (verb === "clean") {
  const listed = await s3().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  const keys = (listed.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
  if (keys.length) await s3().send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys } }));
}
process.exit(0);
