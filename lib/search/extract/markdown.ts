import type { RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { toString } from "mdast-util-to-string";
import type { Block, Extracted } from "./blocks";
import { decodeText } from "./text";

/**
 * Markdown through a real CommonMark parser (mdast): headings become heading blocks with their level and
 * plain text; every other top-level node (paragraph, list, code, table, quote) is kept as its source text,
 * so code and lists read as written.
 */
export function extractMarkdown(bytes: Uint8Array): Extracted {
  const source = decodeText(bytes);
  if (source === null) return { outcome: "skipped", reason: "Binary content (not UTF-8 text), so there is nothing to index." };
  const tree = fromMarkdown(source);
  const blocks: Block[] = [];
  let title: string | undefined;
  for (const node of tree.children as RootContent[]) {
    if (node.type === "heading") {
      const text = toString(node).trim();
      if (!text) continue;
      if (node.depth === 1 && title === undefined) title = text;
      blocks.push({ kind: "heading", level: node.depth, text });
      continue;
    }
    if (node.type === "html" || node.type === "definition" || node.type === "thematicBreak") continue;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const text = (start !== undefined && end !== undefined ? source.slice(start, end) : toString(node)).trim();
    if (text) blocks.push({ kind: "text", text });
  }
  return blocks.length ? { outcome: "text", blocks, title, format: "markdown" } : { outcome: "skipped", reason: "The file has no text." };
}
