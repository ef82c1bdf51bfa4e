import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";

// The judged search set (tests/search/judged.yaml) and its measures, shared by the quality test and
// bench/search-quality.mjs. P@1: the first hit is one a reviewer accepts. success@5: one of the first
// five is. nDCG@10: accepted answers gain 2, relevant ones 1. A `nomatch` query scores 1 on each
// when nothing comes back (a suggestion is allowed), 0 otherwise.

export interface Judged {
  q: string;
  kind: string;
  heldOut: boolean;
  accept: string[];
  relevant: string[];
}

export const JUDGED_FILE = path.join(import.meta.dirname, "judged.yaml");

export function loadJudged(file = JUDGED_FILE): Judged[] {
  const entries = YAML.parse(readFileSync(file, "utf8")) as Judged[];
  return entries.map((e) => ({ q: String(e.q), kind: e.kind, heldOut: e.heldOut === true, accept: e.accept ?? [], relevant: e.relevant ?? [] }));
}

export interface Scores {
  p1: number;
  s5: number;
  ndcg10: number;
}

export function score(entry: Judged, slugs: string[]): Scores {
  if (entry.accept.length === 0) {
    const ok = slugs.length === 0 ? 1 : 0;
    return { p1: ok, s5: ok, ndcg10: ok };
  }
  const accept = new Set(entry.accept);
  const relevant = new Set(entry.relevant);
  const gain = (slug: string) => (accept.has(slug) ? 2 : relevant.has(slug) ? 1 : 0);
  const dcg = (gains: number[]) => gains.slice(0, 10).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...entry.accept.map(() => 2), ...entry.relevant.filter((s) => !accept.has(s)).map(() => 1)]);
  return {
    p1: slugs[0] !== undefined && accept.has(slugs[0]) ? 1 : 0,
    s5: slugs.slice(0, 5).some((s) => accept.has(s)) ? 1 : 0,
    ndcg10: ideal === 0 ? 0 : dcg(slugs.map(gain)) / ideal,
  };
}

export interface Row extends Scores {
  kind: string;
  n: number;
}

/** Mean scores by kind, then "all" (tuned entries), "held-out" and "overall" (every entry). */
export function summarize(entries: Judged[], results: Scores[]): Row[] {
  const groups = new Map<string, Scores[]>();
  const put = (key: string, s: Scores) => {
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(s);
  };
  entries.forEach((e, i) => {
    const s = results[i] as Scores;
    put(e.kind, s);
    put(e.heldOut ? "held-out" : "tuned", s);
    put("overall", s);
  });
  const kinds = [...new Set(entries.map((e) => e.kind))];
  return [...kinds, "tuned", "held-out", "overall"].flatMap((kind) => {
    const list = groups.get(kind);
    if (!list) return [];
    const mean = (f: (s: Scores) => number) => list.reduce((a, s) => a + f(s), 0) / list.length;
    return [{ kind, n: list.length, p1: mean((s) => s.p1), s5: mean((s) => s.s5), ndcg10: mean((s) => s.ndcg10) }];
  });
}

export function table(rows: Row[], title = "search quality"): string {
  const f = (x: number) => x.toFixed(2);
  const lines = [`${title}`, "kind          n   P@1  s@5  nDCG@10"];
  for (const r of rows) lines.push(`${r.kind.padEnd(12)} ${String(r.n).padStart(3)}  ${f(r.p1)} ${f(r.s5)} ${f(r.ndcg10)}`);
  return lines.join("\n");
}
