import type { SynonymGroups } from "./synonyms.js";
import { editDistance, escapeHtml, letterCounts, STOPWORDS, stem, typosAllowed, type Unit, units } from "./text.js";

// The search index of the question bank: pure TypeScript, built once per content version from the
// database by each process or Worker isolate, so Node and Workers rank alike. BM25F over the title,
// the tag names and the answer text; then the words a query means (synonyms, spellings, joined and
// split compounds, typos, the prefix of the last word) as alternatives of each query word; then
// the questions whose titles say what the query says above those that only mention it.

export interface SearchDocument {
  id: number;
  title: string;
  /** Tag names ("A/B testing and experimentation"). */
  tags: string[];
  /** The answer as plain text (markdownText). */
  body: string;
}

export interface Highlight {
  title: string;
  snippet: string;
  terms: string[];
}

export interface SearchResult {
  /** Ids and scores, best first; equal scores by id. */
  hits: Array<{ id: number; score: number }>;
  /** Term ids the query looked for (for highlights). */
  matched: Uint8Array;
}

export interface SearchIndex {
  size: number;
  search(query: string): SearchResult;
  highlight(id: number, result: SearchResult): Highlight | null;
  /** A did-you-mean for a query that matched nothing: its words moved to the nearest words of the index; null when none is better. */
  suggest(query: string): string | null;
}

const TITLE = 1;
const TAGS = 2;
const BODY = 4;
const FIELDS = [
  { flag: TITLE, weight: 5, b: 0.5 },
  { flag: TAGS, weight: 3, b: 0.3 },
  { flag: BODY, weight: 1, b: 0.75 },
] as const;
const K1 = 1.2;
const UNIT_INTS = 6;
const MAX_QUERY_WORDS = 12;
const PREFIX_EXPANSIONS = 12;
const SNIPPET_CHARS = 200;
/** Words of a title that say what kind of question it is, not what it is about. */
const TITLE_FILLER = new Set(
  "explain describe implement design build write compare difference differences between walk me through tell about time you use using work works".split(
    " ",
  ),
);
const SPELLINGS: Array<[RegExp, string]> = [
  [/is(e|ed|es|ing|ation|ations|er|ers)$/, "iz$1"],
  [/iz(e|ed|es|ing|ation|ations|er|ers)$/, "is$1"],
  [/yse(d|s)?$/, "yze$1"],
  [/yze(d|s)?$/, "yse$1"],
  [/our(s|ed|ing)?$/, "or$1"],
  [/or(s|ed|ing)?$/, "our$1"],
  [/tre(s)?$/, "ter$1"],
  [/ll(ed|ing|er|ers)$/, "l$1"],
  [/([^l])l(ed|ing|er|ers)$/, "$1ll$2"],
  [/ogue(s)?$/, "og$1"],
];

/** Everyday comparatives, which the Porter stemmer leaves alone: "faster and cheaper" asks for what is fast and cheap. */
const COMPARATIVES = new Map(
  (
    "faster:fast fastest:fast quicker:quick quickest:quick slower:slow slowest:slow cheaper:cheap cheapest:cheap " +
    "smaller:small smallest:small bigger:big biggest:big larger:large largest:large shorter:short longer:long " +
    "lower:low lowest:low higher:high highest:high simpler:simple easier:easy harder:hard fewer:few"
  )
    .split(" ")
    .map((pair) => pair.split(":") as [string, string]),
);

/** A word as written, but for a plural s: the exact form, which ranks above the stem's other forms. */
const exactKey = (norm: string) => `=${norm.length > 3 && norm.endsWith("s") && !norm.endsWith("ss") ? norm.slice(0, -1) : norm}`;

/** Whether the unit at k of an encoded text is one the query looks for, by its stem or as written. */
const isHit = (u: Int32Array, k: number, matched: Uint8Array) => matched[u[k + 2] as number] === 1 || matched[u[k + 5] as number] === 1;

/** How much less a word's other forms (its stem) count than the form typed. */
const STEMMED = 0.8;

interface Encoded {
  text: string;
  /**
   * Six numbers per unit: start, end, stem term, kind (n > 0 a compound followed by its n parts, -1
   * a part, 0 a plain word), content (1 unless a stopword or filler), exact term.
   */
  units: Int32Array;
  content: number; // units that are not stopwords nor filler (titles)
  /** Where each side of a comparison after the first begins ("A vs B vs C": the ends of the "vs"). */
  sides: number[];
}

interface QWord {
  norm: string;
  parts: string[];
  last: boolean;
  /** The edit distance from what was typed, when the word is the index's nearest word to a word it lacks. */
  typo?: number;
}

/** The terms a query word may mean: how much each counts in the score, and in how many of the query's words a question has. */
type WordAlt = Array<[term: number, weight: number, coverage: number]>;
interface Alt {
  weight: number;
  words: WordAlt[];
  /** Counts only when every word is there, in order (another member of a synonym group). */
  whole?: boolean;
}
interface Concept {
  alts: Alt[];
}

export function buildSearchIndex(docs: SearchDocument[], synonyms: SynonymGroups = []): SearchIndex {
  const termIds = new Map<string, number>();
  const termOf = (t: string) => {
    let id = termIds.get(t);
    if (id === undefined) termIds.set(t, (id = termIds.size));
    return id;
  };
  /** Surface words (unstemmed, joined) → their term, with how they were written first and in how many questions. */
  const surfaces = new Map<string, { display: string; df: number; titles: number }>();
  /** Per term: the documents that have it, and three counts (title, tags, body) per document. */
  const postings: Array<{ docs: number[]; tf: number[] }> = [];
  const lengths = FIELDS.map(() => new Float64Array(docs.length));
  const titles: Encoded[] = [];
  const bodies: Encoded[] = [];

  // Each distinct word's stem and exact terms, worked out once for the whole bank.
  const wordTerms = new Map<string, [number, number]>();
  const termsOfWord = (norm: string): [number, number] => {
    let terms = wordTerms.get(norm);
    if (!terms) wordTerms.set(norm, (terms = [termOf(stem(norm)), termOf(exactKey(norm))]));
    return terms;
  };
  // One document's term counts per field, in flat arrays reset after each document.
  const tfCounts: number[] = [];
  const tfTouched: number[] = [];
  const count = (t: number, field: number) => {
    const at = t * 3 + field;
    if (tfCounts[t * 3] === undefined) tfCounts.push(...new Array<number>(Math.max(0, t * 3 + 3 - tfCounts.length)).fill(0));
    if ((tfCounts[t * 3] as number) + (tfCounts[t * 3 + 1] as number) + (tfCounts[t * 3 + 2] as number) === 0) tfTouched.push(t);
    tfCounts[at] = (tfCounts[at] as number) + 1;
  };
  const see = (seen: Set<string>, norm: string, text: string, start: number, end: number, field: number) => {
    // A word counts once per question, and once more in titles if the title has it.
    const key = field === 0 ? `t:${norm}` : norm;
    if (field === 0 && !seen.has(key)) {
      seen.add(key);
      const known = surfaces.get(norm);
      if (known) known.titles++;
      else surfaces.set(norm, { display: text.slice(start, end).toLowerCase(), df: 0, titles: 1 });
    }
    if (seen.has(norm)) return;
    seen.add(norm);
    const known = surfaces.get(norm);
    if (known) known.df++;
    else surfaces.set(norm, { display: text.slice(start, end).toLowerCase(), df: 1, titles: 0 });
  };

  const encode = (text: string, field: number, doc: number, seen: Set<string>): Encoded => {
    const list = units(text);
    const out: number[] = [];
    const sides: number[] = [];
    let content = 0;
    for (const u of list) {
      if (u.norm === "vs" || u.norm === "versus") sides.push(u.end);
      const [stemmed, exact] = termsOfWord(u.norm);
      count(stemmed, field);
      count(exact, field);
      see(seen, u.norm, text, u.start, u.end, field);
      const isContent = !STOPWORDS.has(u.norm) && !TITLE_FILLER.has(u.norm);
      out.push(u.start, u.end, stemmed, u.parts.length > 1 ? u.parts.length : 0, isContent ? 1 : 0, exact);
      if (u.parts.length > 1) {
        // A compound is also each of its parts (once each), and each adjacent pair of a longer one.
        const own = new Set([stemmed, exact]);
        for (const p of u.parts) {
          const [ps, pe] = termsOfWord(p.norm);
          for (const t of [ps, pe]) {
            if (own.has(t)) continue;
            count(t, field);
            own.add(t);
          }
          see(seen, p.norm, text, p.start, p.end, field);
          out.push(p.start, p.end, ps, -1, 0, pe);
        }
        for (let i = 0; i + 1 < u.parts.length && u.parts.length > 2; i++) {
          const t = termOf(stem(`${u.parts[i]?.norm}${u.parts[i + 1]?.norm}`));
          if (own.has(t)) continue;
          count(t, field);
          own.add(t);
        }
      }
      if (isContent) content++;
    }
    (lengths[field] as Float64Array)[doc] = list.length;
    return { text, units: Int32Array.from(out), content, sides };
  };

  docs.forEach((d, i) => {
    const seen = new Set<string>();
    titles.push(encode(d.title, 0, i, seen));
    encode(d.tags.join(" · "), 1, i, seen);
    bodies.push(encode(d.body, 2, i, seen));
    for (const t of tfTouched) {
      let p = postings[t];
      if (!p) postings[t] = p = { docs: [], tf: [] };
      p.docs.push(i);
      p.tf.push(tfCounts[t * 3] as number, tfCounts[t * 3 + 1] as number, tfCounts[t * 3 + 2] as number);
      tfCounts[t * 3] = tfCounts[t * 3 + 1] = tfCounts[t * 3 + 2] = 0;
    }
    tfTouched.length = 0;
  });

  // Each posting's BM25F score, computed once: a query only adds them up.
  const n = docs.length;
  const avg = lengths.map((l) => Math.max(1, l.reduce((a, b) => a + b, 0) / Math.max(1, n)));
  const idfs = new Float64Array(termIds.size);
  const post: Array<{ docs: Int32Array; scores: Float64Array; flags: Uint8Array }> = [];
  for (let t = 0; t < termIds.size; t++) {
    const p = postings[t] ?? { docs: [], tf: [] };
    const df = p.docs.length;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    idfs[t] = idf;
    const scores = new Float64Array(df);
    const flags = new Uint8Array(df);
    for (let k = 0; k < df; k++) {
      const d = p.docs[k] as number;
      let tilde = 0;
      for (let fi = 0; fi < FIELDS.length; fi++) {
        const c = p.tf[k * 3 + fi] as number;
        if (c === 0) continue;
        const f = FIELDS[fi] as (typeof FIELDS)[number];
        flags[k] = (flags[k] as number) | f.flag;
        tilde += (f.weight * c) / (1 - f.b + (f.b * ((lengths[fi] as Float64Array)[d] as number)) / (avg[fi] as number));
      }
      scores[k] = (idf * tilde) / (K1 + tilde);
    }
    post.push({ docs: Int32Array.from(p.docs), scores, flags });
  }

  const maxIdf = Math.log(1 + (n - 0.5) / 1.5);
  const exactTerms = new Uint8Array(termIds.size);
  for (const [t, id] of termIds) if (t.startsWith("=")) exactTerms[id] = 1;
  const sortedSurfaces = [...surfaces.keys()].sort();
  const byLength = new Map<number, Array<{ word: string; letters: Uint8Array }>>();
  for (const s of sortedSurfaces) {
    let list = byLength.get(s.length);
    if (!list) byLength.set(s.length, (list = []));
    list.push({ word: s, letters: letterCounts(s) });
  }

  // Synonyms: each member as the words a query would show, keyed by its first word.
  const members = new Map<string, Array<{ words: string[]; group: number }>>();
  const groups = synonyms.map((g) => g.map((m) => units(m)));
  groups.forEach((g, gi) => {
    for (const m of g) {
      const words = m.map((u) => u.norm);
      const first = words[0] as string;
      let list = members.get(first);
      if (!list) members.set(first, (list = []));
      list.push({ words, group: gi });
    }
  });
  for (const list of members.values()) list.sort((a, b) => b.words.length - a.words.length);
  // And by the stem of the first word, for a member asked in another form ("memorizing", "affect").
  const membersByStem = new Map<string, Array<{ words: string[]; group: number }>>();
  for (const [first, list] of members) {
    if (first.length < 5) continue;
    const key = stem(first);
    const had = membersByStem.get(key);
    if (had) had.push(...list);
    else membersByStem.set(key, [...list]);
  }
  for (const list of membersByStem.values()) list.sort((a, b) => b.words.length - a.words.length);
  /** Whether a query word is a member's word, as written or (five letters or more) by its stem. */
  const sameWord = (w: QWord | undefined, x: string) => {
    if (w === undefined || w.norm === x) return w !== undefined;
    if (x.length < 5 || w.norm.length < 5 || stem(w.norm) !== stem(x)) return false;
    // Porter's stems join more than forms of one word (generation, generalization): the two must differ only in their last three letters.
    let common = 0;
    while (common < x.length && x[common] === w.norm[common]) common++;
    return common >= Math.min(x.length, w.norm.length) - 3;
  };
  const isMember = (norm: string) => members.get(norm)?.some((m) => m.words.length === 1) ?? false;

  /** The exact and the stemmed term of a word, where the index has them. */
  const termsOf = (norm: string): Array<[number, number, number]> => {
    const out: Array<[number, number, number]> = [];
    const exact = termIds.get(exactKey(norm));
    const stemmed = termIds.get(stem(norm));
    if (exact !== undefined) out.push([exact, 1, 1]);
    if (stemmed !== undefined) out.push([stemmed, STEMMED, 1]);
    return out;
  };

  const nearest = (norm: string, max: number): Array<{ word: string; d: number }> => {
    const out: Array<{ word: string; d: number }> = [];
    if (max === 0) return out;
    const letters = letterCounts(norm);
    for (let len = norm.length - max; len <= norm.length + max; len++) {
      for (const w of byLength.get(len) ?? []) {
        // Most words differ in too many letters to be near: skip them before the full distance.
        let diff = 0;
        for (let k = 0; k < 27 && diff <= 2 * max; k++) diff += Math.abs((letters[k] as number) - (w.letters[k] as number));
        if (diff > 2 * max) continue;
        const d = editDistance(norm, w.word, max);
        if (d <= max) out.push({ word: w.word, d });
      }
    }
    return out;
  };

  /** The terms one query word may mean, and phrase alternatives it opens (a split compound). */
  const wordAlts = (w: QWord, prefix: boolean): { alt: WordAlt; phrases: Alt[] } => {
    const alt: WordAlt = [];
    const phrases: Alt[] = [];
    const add = (term: number | undefined, weight: number, coverage = 1) => {
      if (term === undefined) return;
      const had = alt.find((a) => a[0] === term);
      if (had) {
        had[1] = Math.max(had[1], weight);
        had[2] = Math.max(had[2], coverage);
      } else alt.push([term, weight, coverage]);
    };
    const own = termsOf(w.norm);
    const near = w.typo === undefined ? 1 : w.typo === 1 ? 0.9 : 0.8;
    for (const [t, weight] of own) add(t, weight * near, w.typo === undefined ? 1 : near - 0.3);
    const exact = own.length > 0 ? own : undefined;
    const base = COMPARATIVES.get(w.norm);
    if (base !== undefined) for (const [t] of termsOf(base)) add(t, 0.95);
    if (w.parts.length > 1) {
      const parts = w.parts.map((p) => termsOf(p));
      if (parts.every((p) => p.length > 0)) phrases.push({ weight: exact === undefined ? 0.9 : 0.4, words: parts });
    }
    if (/^[a-z]+$/.test(w.norm) && w.norm.length > 4) {
      // British and American spellings of one word are one word.
      for (const [pattern, replacement] of SPELLINGS) {
        if (pattern.test(w.norm)) for (const [t, weight] of termsOf(w.norm.replace(pattern, replacement))) add(t, weight);
      }
    }
    if (exact === undefined && /^[a-z]+$/.test(w.norm)) {
      // A compound written as one word: batchnorm → batch norm.
      for (let i = 2; i <= w.norm.length - 2; i++) {
        const a = surfaces.get(w.norm.slice(0, i));
        const b = surfaces.get(w.norm.slice(i));
        if (a && b && a.df > 1 && b.df > 1) phrases.push({ weight: 0.85, words: [termsOf(w.norm.slice(0, i)), termsOf(w.norm.slice(i))] });
      }
      if (alt.length === 0) {
        const found = nearest(w.norm, typosAllowed(w.norm.length));
        const best = Math.min(...found.map((f) => f.d));
        for (const f of found) if (f.d === best) add(termIds.get(exactKey(f.word)), f.d === 1 ? 0.9 : 0.8, f.d === 1 ? 0.6 : 0.5);
      }
    }
    if (prefix && w.last && w.norm.length >= 2 && w.typo === undefined) {
      let lo = 0;
      let hi = sortedSurfaces.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sortedSurfaces[mid] as string) < w.norm) lo = mid + 1;
        else hi = mid;
      }
      const completions: Array<{ word: string; df: number }> = [];
      for (let i = lo; i < sortedSurfaces.length; i++) {
        const s = sortedSurfaces[i] as string;
        if (!s.startsWith(w.norm)) break;
        if (s === w.norm) continue;
        const info = surfaces.get(s);
        if (info) completions.push({ word: s, df: info.df });
      }
      completions.sort((a, b) => b.df - a.df || (a.word < b.word ? -1 : 1));
      for (const c of completions.slice(0, PREFIX_EXPANSIONS)) add(termIds.get(exactKey(c.word)), 0.7);
    }
    return { alt, phrases };
  };

  /** A phrase of query words as one alternative (all its words must be there), plus what its words open. */
  const phraseAlts = (words: QWord[], weight: number, prefix: boolean, whole = false): Alt[] => {
    const meaningful = words.filter((w) => !STOPWORDS.has(w.norm));
    const used = meaningful.length > 0 ? meaningful : words;
    const parts = used.map((w) => wordAlts(w, prefix));
    const out: Alt[] = [];
    if (parts.every((p) => p.alt.length > 0)) out.push({ weight, words: parts.map((p) => p.alt), whole });
    if (parts.length === 1) for (const ph of (parts[0] as { phrases: Alt[] }).phrases) out.push({ weight: weight * ph.weight, words: ph.words });
    else if (!parts.every((p) => p.alt.length > 0)) {
      // Some word means nothing alone (a split compound): let the phrases stand in for it.
      const words2: WordAlt[] = [];
      for (const p of parts) {
        if (p.alt.length > 0) words2.push(p.alt);
        else if (p.phrases[0]) words2.push(...p.phrases[0].words);
        else words2.push([]);
      }
      out.push({ weight: weight * 0.9, words: words2 });
    }
    return out;
  };

  /** The other members of a synonym group as alternatives (0.95), leaving out the one written `except`. */
  const synonymAlts = (group: number | undefined, except?: string): Alt[] =>
    (group === undefined ? [] : (groups[group] ?? []))
      .filter((other) => other.map((u) => u.norm).join(" ") !== except)
      .flatMap((other) =>
        phraseAlts(
          other.map((u) => qword(u, false)),
          0.95,
          false,
          true,
        ),
      );

  const qword = (u: Unit, last: boolean): QWord => ({ norm: u.norm, parts: u.parts.map((p) => p.norm), last });

  const hasCompletion = (norm: string): boolean => {
    let lo = 0;
    let hi = sortedSurfaces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sortedSurfaces[mid] as string) <= norm) lo = mid + 1;
      else hi = mid;
    }
    return (sortedSurfaces[lo] ?? "").startsWith(norm);
  };

  /**
   * A word the index lacks in every form (as typed, its stem, its other spelling, two words run
   * together, the start of a longer word being typed) is read as its nearest word, so that it opens
   * what that word opens (its synonyms, its phrases): of equally near words, the one in more titles,
   * then in more questions (the subject a searcher means, not a rare word one letter away).
   */
  const correct = (w: QWord, prefix: boolean): QWord => {
    if (!/^[a-z]+$/.test(w.norm) || surfaces.has(w.norm) || members.has(w.norm) || STOPWORDS.has(w.norm)) return w;
    if (termsOf(w.norm).length > 0) {
      // Known by its stem only: a word one letter away with that stem is the word meant (overfiting → overfitting).
      const own = stem(w.norm);
      const same = nearest(w.norm, 1).filter((f) => stem(f.word) === own);
      same.sort(
        (a, b) =>
          (surfaces.get(b.word)?.titles ?? 0) - (surfaces.get(a.word)?.titles ?? 0) ||
          (surfaces.get(b.word)?.df ?? 0) - (surfaces.get(a.word)?.df ?? 0) ||
          (a.word < b.word ? -1 : 1),
      );
      const pick = same[0];
      return pick ? { norm: pick.word, parts: [pick.word], last: w.last } : w;
    }
    if (
      w.norm.length > 4 &&
      SPELLINGS.some(([pattern, replacement]) => pattern.test(w.norm) && termsOf(w.norm.replace(pattern, replacement)).length > 0)
    )
      return w;
    if (prefix && w.last && hasCompletion(w.norm)) return w;
    for (let i = 2; i <= w.norm.length - 2; i++) {
      const a = surfaces.get(w.norm.slice(0, i));
      const b = surfaces.get(w.norm.slice(i));
      if (a && b && a.df > 1 && b.df > 1) return w;
    }
    const found = nearest(w.norm, typosAllowed(w.norm.length)).map((f) => ({ ...f, info: surfaces.get(f.word) }));
    found.sort(
      (a, b) => a.d - b.d || (b.info?.titles ?? 0) - (a.info?.titles ?? 0) || (b.info?.df ?? 0) - (a.info?.df ?? 0) || (a.word < b.word ? -1 : 1),
    );
    const pick = found[0];
    return pick ? { norm: pick.word, parts: [pick.word], last: w.last, typo: pick.d } : w;
  };

  const parse = (query: string): Concept[] => {
    const list = units(query, 32);
    const prefix = list.length > 0 && (list[list.length - 1] as Unit).end === query.length;
    const words = list.map((u, i) => correct(qword(u, i === list.length - 1), prefix));
    const allStop = words.every((w) => STOPWORDS.has(w.norm));
    const concepts: Concept[] = [];
    let i = 0;
    while (i < words.length && concepts.length < MAX_QUERY_WORDS) {
      const w = words[i] as QWord;
      // A member as typed, or in other forms of its words, or with up to two words between its words
      // ("treatment group affects the control group"); the words between stay words of their own.
      let member: { words: string[]; group: number } | undefined;
      let at: number[] = [];
      for (const m of [...(members.get(w.norm) ?? []), ...(w.norm.length >= 5 ? (membersByStem.get(stem(w.norm)) ?? []) : [])]) {
        if (!sameWord(w, m.words[0] as string)) continue;
        const found = [i];
        for (let k = 1; k < m.words.length && found.length === k; k++) {
          const from = (found[k - 1] as number) + 1;
          for (let j = from; j <= from + 2 && j < words.length; j++) {
            if (sameWord(words[j], m.words[k] as string)) {
              found.push(j);
              break;
            }
          }
        }
        if (
          found.length === m.words.length &&
          (!member ||
            m.words.length > member.words.length ||
            (m.words.length === member.words.length && (found.at(-1) as number) < (at.at(-1) as number)))
        ) {
          member = m;
          at = found;
        }
      }
      const next = words[i + 1];
      const joined = next ? w.norm + next.norm : "";
      if (member) {
        const span = at.map((j) => words[j] as QWord);
        const alts = phraseAlts(span, 1, prefix);
        alts.push(...synonymAlts(member.group, member.words.join(" ")));
        concepts.push({ alts });
        for (let j = i + 1; j < (at.at(-1) as number); j++) {
          const between = words[j] as QWord;
          if (!at.includes(j) && !STOPWORDS.has(between.norm)) concepts.push({ alts: phraseAlts([between], 1, prefix) });
        }
        i = (at.at(-1) as number) + 1;
      } else if (next && !STOPWORDS.has(w.norm) && !STOPWORDS.has(next.norm) && (surfaces.has(joined) || isMember(joined))) {
        // Two words that are one when written together: batch norm, flash attention.
        const alts = phraseAlts([w, next], 1, prefix);
        const together: QWord = { norm: joined, parts: [joined], last: next.last };
        alts.push(...phraseAlts([together], 1, prefix));
        const group = members.get(joined)?.find((m) => m.words.length === 1)?.group;
        alts.push(...synonymAlts(group));
        concepts.push({ alts });
        i += 2;
      } else {
        if (!STOPWORDS.has(w.norm) || allStop) concepts.push({ alts: phraseAlts([w], 1, prefix) });
        i++;
      }
    }
    return concepts;
  };

  /** Whether a question's title or answer has the words in this order, at most two words apart (another name is a phrase, not a bag of words). */
  const inOrder = (d: number, words: WordAlt[]): boolean => {
    const wordOf = new Map<number, number>();
    words.forEach((word, i) => {
      for (const [t] of word) if (!wordOf.has(t)) wordOf.set(t, i);
    });
    for (const e of [titles[d] as Encoded, bodies[d] as Encoded]) {
      const u = e.units;
      let next = 0;
      let gap = 0;
      for (let k = 0; k < u.length; k += UNIT_INTS) {
        if ((u[k + 3] as number) === -1) continue;
        const at = wordOf.get(u[k + 2] as number) ?? wordOf.get(u[k + 5] as number);
        if (at === next) {
          next++;
          gap = 0;
          if (next === words.length) return true;
        } else if (at === 0) {
          next = 1;
          gap = 0;
        } else if (next > 0 && ++gap > 2) {
          next = 0;
          gap = 0;
        }
      }
    }
    return false;
  };

  const meanIdf = (alt: Alt) => {
    let sum = 0;
    for (const word of alt.words) sum += word.length === 0 ? maxIdf : Math.max(...word.map((w) => idfs[w[0]] as number));
    return sum / Math.max(1, alt.words.length);
  };

  const search = (query: string): SearchResult => {
    const concepts = parse(query);
    const matched = new Uint8Array(termIds.size);
    const total = new Float64Array(n);
    const coverage = new Float64Array(n);
    const inTitle = new Float64Array(n);
    const touched: number[] = [];
    const seen = new Uint8Array(n);
    const cScore = new Float64Array(n);
    const cFrac = new Float64Array(n);
    const cTitle = new Float64Array(n);
    // A query word counts in coverage by how rare it is: "coin" says more than "tell" or "make".
    // A word the index does not have at all is as rare as a word can be.
    const weights = concepts.map((concept) => {
      let best = 0;
      for (const alt of concept.alts) {
        if (alt.weight < 0.95) continue;
        let sum = 0;
        for (const word of alt.words) sum += word.length === 0 ? maxIdf : Math.max(...word.map((w) => idfs[w[0]] as number));
        best = Math.max(best, sum / Math.max(1, alt.words.length));
      }
      return concept.alts.length === 0 ? maxIdf : Math.max(0.2, best);
    });
    const weightSum = weights.reduce((a, b) => a + b, 0) || 1;
    for (const [ci, concept] of concepts.entries()) {
      const conceptWeight = (weights[ci] as number) / weightSum;
      cScore.fill(0);
      cFrac.fill(0);
      cTitle.fill(0);
      const hit: number[] = [];
      // Another name for a term typed counts as much as the term, never more: a rarer synonym
      // ("memorization") must not outrank the word typed ("overfitting") by being rare. (An everyday
      // phrase, "make things up", gives way to the field's term it stands for.)
      const first = concept.alts[0];
      const typedIdf = first && first.words.length === 1 ? meanIdf(first) : Number.POSITIVE_INFINITY;
      for (const alt of concept.alts) {
        const len = alt.words.length;
        const rarity = alt.whole ? Math.min(1, typedIdf / Math.max(1e-9, meanIdf(alt))) : 1;
        const wScores = alt.words.map(() => new Float64Array(n));
        const wTitle = new Uint8Array(n);
        const wTitleStem = new Uint8Array(n);
        const present = new Uint8Array(n);
        const wCover = alt.words.map(() => new Float64Array(n));
        const docs: number[] = [];
        alt.words.forEach((word, k) => {
          const scores = wScores[k] as Float64Array;
          const cover = wCover[k] as Float64Array;
          for (const [term, weight, coverage] of word) {
            matched[term] = 1;
            const p = post[term];
            if (!p) continue;
            for (let j = 0; j < p.docs.length; j++) {
              const d = p.docs[j] as number;
              const s = weight * (p.scores[j] as number);
              if (scores[d] === 0) {
                present[d] = (present[d] as number) + 1;
                if (present[d] === 1) docs.push(d);
              }
              if (s > (scores[d] as number)) scores[d] = s;
              if (coverage > (cover[d] as number)) cover[d] = coverage;
              if ((p.flags[j] as number) & TITLE) {
                // In the title as typed (or its plural, spelling, synonym) counts fully; as another form of its stem, or a near miss, half.
                if (weight >= 0.95 || exactTerms[term] === 1) wTitle[d] = (wTitle[d] as number) | (1 << Math.min(k, 7));
                wTitleStem[d] = (wTitleStem[d] as number) | (1 << Math.min(k, 7));
              }
            }
          }
        });
        const allTitle = (1 << Math.min(len, 8)) - 1;
        for (const d of docs) {
          if (alt.whole && (present[d] !== len || (len > 1 && !inOrder(d, alt.words)))) continue;
          const frac = (present[d] as number) / len;
          let s = 0;
          for (const scores of wScores) s += scores[d] as number;
          s *= alt.weight * rarity * frac * frac;
          if (s > (cScore[d] as number)) {
            if (cScore[d] === 0) hit.push(d);
            cScore[d] = s;
          }
          let covered = 0;
          for (const cover of wCover) covered += cover[d] as number;
          covered = (covered / len) * Math.min(1, alt.weight + 0.05);
          if (covered > (cFrac[d] as number)) cFrac[d] = covered;
          const titled = (wTitle[d] === allTitle ? 2 : wTitleStem[d] === allTitle ? 1 : 0) * Math.min(1, alt.weight + 0.05);
          if (titled > (cTitle[d] as number)) cTitle[d] = titled;
        }
      }
      for (const d of hit) {
        if (!seen[d]) {
          seen[d] = 1;
          touched.push(d);
        }
        total[d] = (total[d] as number) + (cScore[d] as number);
        coverage[d] = (coverage[d] as number) + (cFrac[d] as number) * conceptWeight;
        inTitle[d] = (inTitle[d] as number) + ((cTitle[d] as number) / 2) * conceptWeight;
      }
    }
    // In a query of two words, a question that has only one of them, and that one only as a near
    // miss, is not a match: "sourdough starter" finds nothing rather than "started".
    const floor = concepts.length === 2 ? 0.5 : 0;
    const kept = touched.filter((d) => (coverage[d] as number) >= floor);
    const hits = kept.map((d) => {
      const cov = coverage[d] as number;
      const tcov = inTitle[d] as number;
      let score = (total[d] as number) * (0.3 + 0.7 * cov * cov);
      if (tcov > 0) {
        const title = titles[d] as Encoded;
        let focused = 0;
        let lead = -1;
        let position = 0;
        let sidesHit = 0;
        const u = title.units;
        for (let k = 0; k < u.length; k += UNIT_INTS) {
          if ((u[k + 3] as number) === -1) continue;
          if (isHit(u, k, matched)) {
            let side = 0;
            while (side < title.sides.length && (title.sides[side] as number) <= (u[k] as number)) side++;
            sidesHit |= 1 << Math.min(side, 7);
            focused++;
            if (lead === -1) lead = position;
          }
          if (u[k + 4] === 1) position++;
          else if ((u[k + 3] as number) > 0) {
            for (let c = 1; c <= (u[k + 3] as number); c++) if (isHit(u, k + UNIT_INTS * c, matched)) focused += 1 / (u[k + 3] as number);
          }
        }
        // A comparison of the subject with something the query does not name is about the subject less than a question on it alone.
        const oneSide = title.sides.length > 0 && (sidesHit & (sidesHit - 1)) === 0 ? 0.5 : 1;
        const focus = oneSide * Math.min(1, focused / Math.max(1, title.content));
        // The dedicated question names the subject first: "What is the KV cache…" before "How do you quantize the KV cache…".
        score += 4 * tcov * tcov * (0.5 + focus + (lead === -1 ? 0 : 0.5 / (1 + lead)));
      }
      // Rounded so that a score survives a cursor's round trip through JSON and ties stay ties.
      return { id: (docs[d] as SearchDocument).id, score: Math.round(score * 1e6) / 1e6 };
    });
    hits.sort((a, b) => b.score - a.score || a.id - b.id);
    return { hits, matched };
  };

  const docIndex = new Map(docs.map((d, i) => [d.id, i]));

  /** Marks the matched units of text[from, to), escaping the rest; collects the marked words. */
  const mark = (e: Encoded, from: number, to: number, matched: Uint8Array, terms: string[]): string => {
    let out = "";
    let pos = from;
    const u = e.units;
    const emit = (start: number, end: number) => {
      out += `${escapeHtml(e.text.slice(pos, start))}<mark>${escapeHtml(e.text.slice(start, end))}</mark>`;
      pos = end;
      const word = e.text.slice(start, end).toLowerCase();
      if (!terms.includes(word) && terms.length < 10) terms.push(word);
    };
    // The first unit at or after `from` (units are in text order), then on to `to`.
    let lo = 0;
    let hi = u.length / UNIT_INTS;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((u[mid * UNIT_INTS] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo * UNIT_INTS; k < u.length; k += UNIT_INTS) {
      const start = u[k] as number;
      const end = u[k + 1] as number;
      if (end > to) break;
      if (start < pos) continue;
      const kind = u[k + 3] as number;
      if (isHit(u, k, matched)) {
        emit(start, end);
        if (kind > 0) k += UNIT_INTS * kind;
      }
    }
    return out + escapeHtml(e.text.slice(pos, to));
  };

  const highlight = (id: number, result: SearchResult): Highlight | null => {
    const d = docIndex.get(id);
    if (d === undefined) return null;
    const terms: string[] = [];
    const title = titles[d] as Encoded;
    const body = bodies[d] as Encoded;
    const markedTitle = mark(title, 0, title.text.length, result.matched, terms);
    // The window of the answer with the most distinct matched terms (the earliest of equals).
    const u = body.units;
    const starts: number[] = [];
    const ends: number[] = [];
    const hitTerms: number[] = [];
    for (let k = 0; k < u.length; k += UNIT_INTS) {
      if (!isHit(u, k, result.matched)) continue;
      starts.push(u[k] as number);
      ends.push(u[k + 1] as number);
      hitTerms.push(u[k + 2] as number);
    }
    // A window sliding over the hits: how many times each term is in it, and how many distinct.
    let bestStart = 0;
    let best = -1;
    const inWindow = new Map<number, number>();
    let distinct = 0;
    let b = 0;
    for (let a = 0; a < starts.length; a++) {
      const from = starts[a] as number;
      for (; b < starts.length && (ends[b] as number) <= from + SNIPPET_CHARS - 40; b++) {
        const t = hitTerms[b] as number;
        const had = inWindow.get(t) ?? 0;
        if (had === 0) distinct++;
        inWindow.set(t, had + 1);
      }
      const value = distinct * 100 + Math.min(b - a, 99);
      if (value > best) {
        best = value;
        bestStart = from;
      }
      const t = hitTerms[a] as number;
      const had = inWindow.get(t) ?? 0;
      if (had > 0) {
        if (had === 1) distinct--;
        inWindow.set(t, had - 1);
      }
    }
    const text = body.text;
    let start = Math.max(0, bestStart - 40);
    if (start > 0) {
      const space = text.indexOf(" ", start);
      start = space === -1 || space >= bestStart ? start : space + 1;
    }
    let end = Math.min(text.length, start + SNIPPET_CHARS);
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      if (space > start + SNIPPET_CHARS / 2) end = space;
    }
    const snippet = `${start > 0 ? "…" : ""}${mark(body, start, end, result.matched, terms)}${end < text.length ? "…" : ""}`;
    return { title: markedTitle, snippet, terms };
  };

  const suggest = (query: string): string | null => {
    const words = units(query, 32).filter((u) => !STOPWORDS.has(u.norm));
    let changed = false;
    const out: string[] = [];
    for (const w of words) {
      const known = surfaces.get(w.norm);
      if (known) {
        out.push(known.display);
        continue;
      }
      const max = Math.min(3, Math.ceil(w.norm.length / 3));
      const found = nearest(w.norm, max).map((f) => ({ ...f, df: surfaces.get(f.word)?.df ?? 0 }));
      found.sort((a, b) => a.d - b.d || b.df - a.df || (a.word < b.word ? -1 : 1));
      const pick = found[0];
      if (!pick) return null;
      out.push(surfaces.get(pick.word)?.display ?? pick.word);
      changed = true;
    }
    return changed && out.length > 0 ? out.join(" ") : null;
  };

  return { size: n, search, highlight, suggest };
}
