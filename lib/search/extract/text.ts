import { paragraphBlocks, type Extracted } from "./blocks";

/**
 * Plain text, source code, JSON, CSV: read as UTF-8, split at blank lines. A NUL byte or bytes that are not
 * UTF-8 mean the file is not text whatever its name says; it is skipped rather than indexed as garbage.
 */

const decoder = new TextDecoder("utf-8", { fatal: true });

export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.subarray(0, 8192).includes(0)) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

export function extractPlainText(bytes: Uint8Array, format: string): Extracted {
  const text = decodeText(bytes);
  if (text === null) return { outcome: "skipped", reason: "Binary content (not UTF-8 text), so there is nothing to index." };
  const blocks = paragraphBlocks(text.replace(/\r\n?/g, "\n"));
  return blocks.length ? { outcome: "text", blocks, format } : { outcome: "skipped", reason: "The file is empty." };
}
