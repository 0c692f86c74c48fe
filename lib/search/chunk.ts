import { z } from "zod";
import type { Block } from "./extract/blocks";

/**
 * Cuts an extracted document into chunks of about `size` tokens, `overlap` tokens shared between
 * neighbours. Tokens here are runs of letters, runs of digits and single punctuation marks — close to,
 * and a little fewer than, the word pieces all-MiniLM-L6-v2 counts (it reads 256 at most, so the default
 * size leaves room). Each chunk keeps its character offsets into the extracted text, the PDF page it
 * starts on and the headings above it.
 *
 * - `markdown`: a chunk never crosses a heading; inside a section, whole blocks (paragraphs, lists, code)
 *   are packed up to the size, and only a block larger than the size is cut inside.
 * - `paragraph`: blocks are packed the same way, headings ignored as boundaries.
 * - `fixed`: windows of exactly `size` tokens, wherever they fall.
 */

export const chunkingSchema = z
  .object({
    strategy: z.enum(["markdown", "paragraph", "fixed"]).default("markdown"),
    size: z.number().int().min(16).max(2048).default(180),
    overlap: z.number().int().min(0).max(512).default(30),
  })
  .refine((c) => c.overlap < c.size, { message: "overlap must be smaller than size", path: ["overlap"] })
  .meta({ id: "Chunking", description: "How documents are cut: strategy, and size/overlap in tokens." });

export type Chunking = z.output<typeof chunkingSchema>;
export const defaultChunking: Chunking = { strategy: "markdown", size: 180, overlap: 30 };

export type Chunk = {
  index: number;
  text: string;
  /** Character offsets into the extracted text (`documentText`). */
  start: number;
  end: number;
  page?: number;
  headings: string[];
};

const TOKEN = /\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu;

type Span = { start: number; end: number };
type PlacedBlock = Block & Span & { firstToken: number; endToken: number };

/** The blocks joined by blank lines, with where each block sits in that text. */
export function documentText(blocks: Block[]): { text: string; placed: (Block & Span)[] } {
  let text = "";
  const placed: (Block & Span)[] = [];
  for (const block of blocks) {
    if (text) text += "\n\n";
    placed.push({ ...block, start: text.length, end: text.length + block.text.length });
    text += block.text;
  }
  return { text, placed };
}

export function countTokens(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(TOKEN)) n += 1;
  return n;
}

export function chunkDocument(blocks: Block[], chunking: Chunking): Chunk[] {
  const { text, placed } = documentText(blocks);
  const tokens: Span[] = [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (tokens.length === 0) return [];

  // Token index ranges of each block (tokens never cross blocks: blocks are separated by whitespace).
  const withTokens: PlacedBlock[] = [];
  let t = 0;
  for (const block of placed) {
    while (t < tokens.length && tokens[t]!.start < block.start) t += 1;
    const firstToken = t;
    while (t < tokens.length && tokens[t]!.end <= block.end) t += 1;
    if (t > firstToken) withTokens.push({ ...block, firstToken, endToken: t });
  }

  const ranges: Array<[number, number]> = [];
  if (chunking.strategy === "fixed") {
    ranges.push(...windows(0, tokens.length, [], chunking));
  } else {
    for (const segment of segments(withTokens, chunking.strategy === "markdown")) {
      ranges.push(...windows(segment.first, segment.end, segment.boundaries, chunking));
    }
  }

  return ranges.map(([from, to], index) => {
    const start = tokens[from]!.start;
    const end = tokens[to - 1]!.end;
    const at = blockAt(withTokens, from);
    return {
      index,
      text: text.slice(start, end),
      start,
      end,
      ...(at?.page !== undefined ? { page: at.page } : {}),
      headings: headingPath(withTokens, from),
    };
  });
}

type Segment = { first: number; end: number; boundaries: number[] };

/** Token ranges that chunks must not cross (sections, or the whole text), with the block edges inside them. */
function segments(blocks: PlacedBlock[], splitAtHeadings: boolean): Segment[] {
  const out: Segment[] = [];
  let current: Segment | null = null;
  for (const block of blocks) {
    if (!current || (splitAtHeadings && block.kind === "heading")) {
      current = { first: block.firstToken, end: block.endToken, boundaries: [] };
      out.push(current);
    } else {
      current.boundaries.push(block.firstToken);
      current.end = block.endToken;
    }
  }
  return out;
}

/**
 * Packs [first, end) into windows of at most `size` tokens, ending each at the last block edge that fits
 * (or at `size` when a single block is larger), the next one starting `overlap` tokens back.
 */
function windows(first: number, end: number, boundaries: number[], { size, overlap }: Chunking): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = first;
  while (from < end) {
    let to = Math.min(from + size, end);
    if (to < end) {
      const edge = lastBoundaryIn(boundaries, from, to);
      if (edge !== null) to = edge;
    }
    out.push([from, to]);
    if (to >= end) break;
    // Step back `overlap` tokens, unless that would not move past this window's start (a short window).
    from = to - overlap > from ? to - overlap : to;
  }
  return out;
}

function lastBoundaryIn(boundaries: number[], after: number, atMost: number): number | null {
  let found: number | null = null;
  for (const b of boundaries) {
    if (b > after && b <= atMost) found = b;
    if (b > atMost) break;
  }
  return found;
}

function blockAt(blocks: PlacedBlock[], token: number): PlacedBlock | undefined {
  return blocks.find((b) => token >= b.firstToken && token < b.endToken);
}

/** The headings in force at a token: the last heading of each level above it. */
function headingPath(blocks: PlacedBlock[], token: number): string[] {
  const stack: Array<{ level: number; text: string }> = [];
  for (const block of blocks) {
    if (block.firstToken > token) break;
    if (block.kind !== "heading") continue;
    const level = block.level ?? 1;
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, text: block.text });
  }
  return stack.map((h) => h.text);
}
