import mammoth from "mammoth";
import type { Extracted } from "./blocks";
import { extractHtmlString } from "./html";

/**
 * Word (.docx) through mammoth, which maps Word's heading styles to <h1>…<h6>; the HTML then goes through
 * the same reader as web pages, so a document's sections chunk like Markdown's.
 */
export async function extractDocx(bytes: Uint8Array): Promise<Extracted> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { outcome: "failed", reason: `Not a readable Word document (it may be encrypted, or an old .doc renamed): ${detail.slice(0, 200)}` };
  }
  const extracted = extractHtmlString(`<html><body>${html}</body></html>`, "docx");
  if (extracted.outcome === "skipped") return { outcome: "skipped", reason: "The document has no text." };
  return extracted;
}
