import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { env } from "@/lib/config/env";
import { contentDisposition } from "@/lib/files/content-disposition";
import { baseName } from "@/lib/files/names";
import { s3ForPresigning } from "@/lib/s3/client";

/**
 * The short-lived URL behind a search result's Open: inline, so the browser shows the file rather than
 * saving it. PDFs keep their type (the browser's viewer honours `#page=`); every other indexed format is
 * served as UTF-8 plain text, so Markdown, CSV or code display instead of downloading, and a stored HTML page
 * shows its source instead of running as a site.
 */
export async function presignOpen(bucket: string, key: string, contentType: string): Promise<string> {
  const pdf = contentType === "application/pdf";
  const docx = contentType.includes("wordprocessingml");
  return getSignedUrl(
    s3ForPresigning(),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: contentDisposition(docx ? "attachment" : "inline", baseName(key)),
      ...(pdf || docx ? {} : { ResponseContentType: "text/plain; charset=utf-8" }),
    }),
    { expiresIn: env().FILES_DOWNLOAD_URL_EXPIRY_SECONDS },
  );
}
