import { stemmer } from "stemmer";

// Words as the index and the queries see them. A unit is a run of letters and digits joined by
// - / _ . : (k-means, A/B, DAU/MAU, ROW_NUMBER, F.cross_entropy, 2:4): it is indexed as one joined word
// (kmeans) and as its parts (k, means), so either way of writing it finds it.

const UNIT = /[\p{L}\p{M}\p{N}]+(?:[-/_.:][\p{L}\p{M}\p{N}]+)*/gu;
const ASCII_WORD = /^[a-z0-9]+$/;

export interface Part {
  start: number;
  end: number;
  /** Lowercase, without diacritics. */
  norm: string;
}

export interface Unit {
  start: number;
  end: number;
  /** The parts joined: "kmeans" for "k-means"; the word itself for a plain word. */
  norm: string;
  parts: Part[];
}

export function normalize(word: string): string {
  const lower = word.toLowerCase();
  return ASCII_WORD.test(lower) ? lower : lower.normalize("NFKD").replace(/\p{M}/gu, "");
}

/** Every unit of a text, with its offsets in the text as given. */
export function units(text: string, max = Number.POSITIVE_INFINITY): Unit[] {
  const out: Unit[] = [];
  for (const m of text.matchAll(UNIT)) {
    if (out.length >= max) break;
    const start = m.index;
    const parts: Part[] = [];
    let from = 0;
    const text = m[0];
    for (let i = 0; i <= text.length; i++) {
      const c = text.charCodeAt(i);
      // The joiners: - / _ . :
      if (i === text.length || c === 45 || c === 47 || c === 95 || c === 46 || c === 58) {
        const norm = normalize(text.slice(from, i));
        if (norm) parts.push({ start: start + from, end: start + i, norm });
        from = i + 1;
      }
    }
    if (parts.length === 0) continue;
    out.push({ start, end: start + m[0].length, norm: parts.map((p) => p.norm).join(""), parts });
  }
  return out;
}

const stems = new Map<string, string>();

/** Porter stem of a lowercase word of letters; words with digits and short words stay as they are. */
export function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = word.length > 2 && /^[a-z]+$/.test(word) ? stemmer(word) : word;
    // Bounded: the words of the bank, and those of queries until the cache is full.
    if (stems.size < 200_000) stems.set(word, s);
  }
  return s;
}

export const STOPWORDS = new Set(
  (
    "a about after all also am an and any are as at be because been before being but by can could did do does doing done for from get gets got " +
    "had has have having he her here his how i if in into is it its just me more most my no not now of off on once one only or other our out " +
    "over own same she should so some such than that the their them then there these they this those through to too up us very vs was we " +
    "were what when where which while who whom why will with would you your"
  ).split(" "),
);

/**
 * The answer's Markdown as plain text for the index and for snippets: fenced code and display math
 * go (code examples are their own records), inline code keeps its text, links keep their words,
 * and the hyphens and underscores inside words stay (they make k-means and ROW_NUMBER units).
 */
export function markdownText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\$[^$\n]+\$/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>\n]+>/g, " ")
    .replace(/`([^`\n]*)`/g, "$1")
    .replace(/(^|\s)[#>|*+-]+(?=\s)/gm, "$1")
    .replace(/\*\*|__|(^|[\s(])[*_](?=\S)|(?<=\S)[*_](?=[\s).,;:!?]|$)/gm, "$1")
    .replace(/\|/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau-Levenshtein (optimal string alignment) distance, or max + 1 as soon as it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if (rows[0].length <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  const d = prev[n] as number;
  return d > max ? max + 1 : d;
}

/** Letters a word has that another lacks, counted both ways: half of it is a lower bound of their edit distance. */
export function letterCounts(word: string): Uint8Array {
  const counts = new Uint8Array(27);
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    const k = c >= 0 && c < 26 ? c : 26;
    counts[k] = Math.min(255, (counts[k] as number) + 1);
  }
  return counts;
}

/** Typos allowed in a query word of this length (as Typesense and Meilisearch count them). */
export function typosAllowed(length: number): number {
  return length <= 4 ? 0 : length <= 8 ? 1 : 2;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
