import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { paragraphBlocks, type Block, type Extracted } from "./blocks";

/**
 * PDF through pdf.js (unpdf's build for servers): the text layer page by page, so every chunk knows the page
 * it starts on. A PDF with no text layer (scanned pages) is skipped: there is no OCR here.
 */
export async function extractPdf(bytes: Uint8Array): Promise<Extracted> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: give it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "PasswordException") return { outcome: "failed", reason: "The PDF is password-protected; remove the password and sync again." };
    const detail = error instanceof Error ? error.message : String(error);
    return { outcome: "failed", reason: `Not a readable PDF (${detail.slice(0, 200)}).` };
  }
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const blocks: Block[] = [];
    text.forEach((pageText, i) => blocks.push(...paragraphBlocks(pageText, i + 1)));
    if (!blocks.length) return { outcome: "skipped", reason: "The PDF has no text layer (scanned pages?); there is no OCR." };
    const info = (await getMeta(pdf).catch(() => null))?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === "string" && info.Title.trim() ? info.Title.trim() : undefined;
    return { outcome: "text", blocks, title, format: "pdf" };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { outcome: "failed", reason: `The PDF's text could not be read (${detail.slice(0, 200)}).` };
  } finally {
    await pdf.loadingTask.destroy();
  }
}
