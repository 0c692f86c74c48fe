import murmurhash from "murmurhash";
import stem from "wink-porter2-stemmer";

/**
 * The keyword side of hybrid search: BM25 term weights as a Qdrant sparse vector. Qdrant multiplies them by
 * the inverse document frequency itself when the sparse vector is declared with `modifier: "idf"`, so the
 * vectors here need no corpus statistics and a chunk's vector never changes when other chunks come or go.
 *
 * The pipeline follows what Qdrant's own `Qdrant/bm25` (fastembed) does, so the scoring behaves as users of
 * Qdrant expect; docs/embeddings.md ("Keyword vectors") explains each step:
 *   NFKC + lowercase → split into Unicode words (letters, digits, combining marks; Han/Kana characters one
 *   by one) → drop stop words and tokens over 40 characters → Porter2 (Snowball English) stem for words of
 *   ASCII letters → index = |murmur3_32(UTF-8 of the token, seed 0) as a signed int32|.
 */

export type SparseVector = { indices: number[]; values: number[] };

export type Bm25Params = {
  /** Term-frequency saturation. */
  k1: number;
  /** How much a long chunk's terms are damped (0 = not at all, 1 = fully). */
  b: number;
  /** The chunk length (in tokens after stop words) that counts as average. */
  avgLen: number;
};

/** Qdrant's `Qdrant/bm25` defaults. */
export const defaultBm25: Bm25Params = { k1: 1.2, b: 0.75, avgLen: 256 };

/** Longer "words" are hashes, base64 or minified code: noise that would only grow the index. */
const maxTokenLength = 40;

// Function words only (no content words such as "make" or "take", which matter in technical text). IDF
// would make them cheap anyway; dropping them keeps every chunk's vector, and Qdrant's posting lists, small.
// The last ones are what contractions ("it's", "don't", "we'll") leave after the word split.
const stopWords = new Set(
  (
    "a an the and or nor but if then else so than as of at by for from in into on onto to with without " +
    "about above after before below between during over under up down out off through until while " +
    "is am are was were be been being do does did doing have has had having will would shall should " +
    "can could may might must i me my mine we us our ours you your yours he him his she her hers it its " +
    "they them their theirs this that these those who whom whose which what there here " +
    "s t d ll m re ve don doesn didn isn aren wasn weren won wouldn couldn shouldn hasn haven hadn"
  ).split(" "),
);

// Runs of letters, digits and combining marks are words; everything else separates them. Han and Kana are
// written without spaces, so each such character is a word of its own (as Lucene's StandardTokenizer does).
const wordPattern =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu;
const asciiWord = /^[a-z]+$/;

/** The terms of a text, in order, repeated as often as they occur (stop words removed, stemmed). */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const [word] of text.normalize("NFKC").toLowerCase().matchAll(wordPattern)) {
    if (word.length > maxTokenLength || stopWords.has(word)) continue;
    terms.push(asciiWord.test(word) ? stem(word) : word);
  }
  return terms;
}

/** The sparse-vector dimension of a term: murmur3 as Qdrant's fastembed computes it, so indices agree with it. */
export function termIndex(term: string): number {
  return Math.abs(murmurhash.v3(term, 0) | 0);
}

/** BM25 term weights of a chunk (a document side vector); indices unique and ascending. */
export function sparseVector(text: string, params: Bm25Params = defaultBm25): SparseVector {
  const terms = tokenize(text);
  const frequencies = new Map<number, number>();
  for (const term of terms) {
    const index = termIndex(term);
    frequencies.set(index, (frequencies.get(index) ?? 0) + 1);
  }
  const lengthNorm = 1 - params.b + params.b * (terms.length / params.avgLen);
  return fromEntries(
    [...frequencies].map(([index, tf]) => [index, (tf * (params.k1 + 1)) / (tf + params.k1 * lengthNorm)]),
  );
}

/** A query's vector: each distinct term once with weight 1, so the score is the sum of the matched terms' BM25 × IDF. */
export function sparseQueryVector(text: string): SparseVector {
  return fromEntries([...new Set(tokenize(text).map(termIndex))].map((index) => [index, 1]));
}

function fromEntries(entries: [number, number][]): SparseVector {
  entries.sort((a, b) => a[0] - b[0]);
  return { indices: entries.map(([index]) => index), values: entries.map(([, value]) => value) };
}
