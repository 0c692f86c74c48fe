import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import type { Block, Extracted } from "./blocks";
import { decodeText } from "./text";

/**
 * HTML through a DOM (linkedom) and Firefox Reader View's main-text finder (Readability), so navigation,
 * footers and scripts are left out; a page Readability finds no article in is read whole (minus scripts,
 * styles and navigation). Headings keep their level for the markdown chunker.
 */

const HEADING = /^H([1-6])$/;
const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "NAV", "FOOTER", "HEADER", "ASIDE", "FORM", "SVG", "IFRAME"]);
const BLOCK = new Set(["P", "LI", "PRE", "BLOCKQUOTE", "TD", "TH", "DT", "DD", "FIGCAPTION", "CAPTION", "ADDRESS"]);

type DomNode = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<DomNode> };

function clean(text: string | null): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/** The blocks of an HTML fragment or document body, in reading order. */
export function htmlBlocks(root: DomNode): Block[] {
  const blocks: Block[] = [];
  let inline = "";
  const flush = () => {
    const text = clean(inline);
    if (text) blocks.push({ kind: "text", text });
    inline = "";
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      inline += node.textContent ?? "";
      return;
    }
    if (node.nodeType !== 1 || SKIP.has(node.nodeName)) return;
    const heading = HEADING.exec(node.nodeName);
    if (heading) {
      flush();
      const text = clean(node.textContent);
      if (text) blocks.push({ kind: "heading", level: Number(heading[1]), text });
      return;
    }
    if (BLOCK.has(node.nodeName) && node.nodeName !== "LI") {
      flush();
      const text = node.nodeName === "PRE" ? (node.textContent ?? "").trim() : clean(node.textContent);
      if (text) blocks.push({ kind: "text", text });
      return;
    }
    const breaks = node.nodeName === "LI" || node.nodeName === "DIV" || node.nodeName === "BR" || node.nodeName === "SECTION" || node.nodeName === "TR";
    if (breaks) flush();
    for (const child of Array.from(node.childNodes)) walk(child);
    if (breaks) flush();
  };
  walk(root);
  flush();
  return blocks;
}

export function extractHtmlString(html: string, format = "html"): Extracted {
  const { document } = parseHTML(html);
  const title = clean(document.querySelector("title")?.textContent ?? null) || undefined;
  // Readability changes the document it reads, so it gets its own copy.
  const article = new Readability(parseHTML(html).document as unknown as Document).parse();
  let blocks: Block[] = [];
  if (article?.content) blocks = htmlBlocks(parseHTML(`<body>${article.content}</body>`).document.body as unknown as DomNode);
  if (countWords(blocks) < 20) blocks = htmlBlocks(document.body as unknown as DomNode);
  if (!blocks.length) return { outcome: "skipped", reason: "The page has no text." };
  return { outcome: "text", blocks, title: title ?? article?.title ?? undefined, format };
}

function countWords(blocks: Block[]): number {
  return blocks.reduce((n, b) => n + b.text.split(" ").length, 0);
}

export function extractHtml(bytes: Uint8Array): Extracted {
  const html = decodeText(bytes);
  if (html === null) return { outcome: "skipped", reason: "Binary content (not UTF-8 text), so there is nothing to index." };
  return extractHtmlString(html);
}
