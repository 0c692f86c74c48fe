/**
 * The piece of a chunk shown under a result, and where the query's words are in it. Highlights are
 * character ranges, not markup: the console wraps them in <mark> itself, so stored text never becomes HTML.
 * A word of the text matches when it starts with a query word (so "indexes" lights up for "index").
 */

export type Snippet = { text: string; highlights: Array<[number, number]> };

const WORD = /[\p{L}\p{N}]+/gu;
// Words too common to be worth lighting up; the BM25 side gives them almost no weight either.
const STOP = new Set(["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it", "of", "on", "or", "the", "to", "what", "with"]);

export function queryWords(query: string): string[] {
  const words = new Set<string>();
  for (const m of query.toLowerCase().matchAll(WORD)) if (!STOP.has(m[0])) words.add(m[0]);
  return [...words];
}

function matches(text: string, words: string[]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  if (words.length === 0) return found;
  for (const m of text.matchAll(WORD)) {
    const lower = m[0].toLowerCase();
    if (words.some((w) => lower.startsWith(w))) found.push([m.index, m.index + m[0].length]);
  }
  return found;
}

/** A window of about `width` characters around the spot with the most query words, cut at word edges. */
export function makeSnippet(chunk: string, query: string, width = 320): Snippet {
  const text = chunk.replace(/\s+/g, " ").trim();
  const hits = matches(text, queryWords(query));
  if (text.length <= width) return { text, highlights: hits };

  // The start that covers the most hits within `width` characters (two pointers over the sorted hits).
  let bestStart = 0;
  let bestCount = 0;
  let j = 0;
  for (let i = 0; i < hits.length; i += 1) {
    while (j < hits.length && hits[j]![1] - hits[i]![0] <= width) j += 1;
    if (j - i > bestCount) {
      bestCount = j - i;
      bestStart = hits[i]![0];
    }
  }
  // Show a little context before the first hit.
  let start = Math.max(0, bestStart - Math.floor(width / 6));
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space === -1 || space > bestStart ? start : space + 1;
  }
  let end = Math.min(text.length, start + width);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start) end = space;
  }
  const prefix = start > 0 ? "… " : "";
  const suffix = end < text.length ? " …" : "";
  const shift = prefix.length - start;
  return {
    text: `${prefix}${text.slice(start, end)}${suffix}`,
    highlights: hits.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s + shift, e + shift]),
  };
}
