/**
 * What every extractor produces: the document's text as a sequence of blocks, headings marked (with their
 * level) so the markdown chunker can keep sections together, and the PDF page each block came from.
 */
export type Block = { kind: "heading" | "text"; text: string; level?: number; page?: number };

export type Extracted =
  | { outcome: "text"; blocks: Block[]; title?: string | undefined; format: string }
  /** Nothing to index, and that is not an error (a binary, an unsupported type, an empty file). */
  | { outcome: "skipped"; reason: string }
  /** The file claims to be a readable format but cannot be read (broken, encrypted). */
  | { outcome: "failed"; reason: string };

/** Splits plain text into paragraph blocks at blank lines (the only structure plain text has). */
export function paragraphBlocks(text: string, page?: number): Block[] {
  const blocks: Block[] = [];
  for (const part of text.split(/\n[ \t]*\n/)) {
    const trimmed = part.trim();
    if (trimmed) blocks.push(page === undefined ? { kind: "text", text: trimmed } : { kind: "text", text: trimmed, page });
  }
  return blocks;
}
