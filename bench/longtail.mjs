// Real traffic rather than one URL again and again (issue 16): long-tail scenarios in which every
// request is a different URL, so the response cache cannot answer them from memory; a seed
// directory with the question bank copied N times (--scale); and the URLs of the memory probe.
// Everything is drawn with a fixed-seed generator, so two runs send the same URLs in the same order.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";

const BENCH = import.meta.dirname;
const SEED = path.resolve(BENCH, "../seed");

/**
 * The long-tail scenarios. `kind` picks the generator below; the bare server answers every URL of
 * a scenario with one typical answer of the service (the median-sized of a sample of its URLs).
 */
export const LONG_TAIL = [
  { name: "tail-search", kind: "search", description: "GET /v1/questions?q=<two words of one title>&limit=<1–50>" },
  { name: "tail-filtered", kind: "filtered", description: "GET /v1/questions?<category, company, tag, difficulty: a non-empty subset of one question's>&limit=<1–100>" },
  {
    name: "tail-deep-pages",
    kind: "walk",
    description: "cursor walks: GET /v1/questions?<filters>&sort=<id|newest|title|difficulty>&limit=<1–50>, then page.nextCursor until it is null",
  },
  { name: "tail-detail", kind: "detail", description: "GET /v1/questions/<slug>, every slug in turn (in id order, round and round)" },
  { name: "tail-random", kind: "random", description: "GET /v1/questions/random?<filters>&count=<1–20>[&exclude=<1–3 ids>]" },
];

// At most this many URLs per scenario: more than the service answers in 3 rounds of 5 s plus
// warm-up at 30,000 req/s. The run reports how many requests went to a URL already sent.
export const MAX_PATHS = 600_000;
/** URLs set aside to find the typical answer the bare server repeats; never sent under load. */
export const SAMPLE_SIZE = 25;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (random, xs) => xs[Math.floor(random() * xs.length)];
const between = (random, lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

// --- --scale: the bank copied N times, in a seed directory of its own ---

/**
 * Copies seed/ into a new directory under `workRoot` and adds `scale` copies of every category's
 * questions: copy k of `slug` is `slug-copy-k`, titled "<title> (copy k)" (shortened with "…"
 * when that would pass the loader's 200 characters), with an id that is free
 * in the category's range of seed/categories.yaml (the loader refuses ids outside it). A range
 * with too few free ids for all the copies gets only as many whole copies as fit, and the result
 * says so (`copies` per category, and `notes`). The copies sit beside their originals, so their
 * code examples (`file:` beside the question) and links (to the originals' slugs) still resolve.
 */
export function buildScaledSeed(scale, workRoot) {
  mkdirSync(workRoot, { recursive: true });
  const dir = mkdtempSync(path.join(workRoot, `seed-x${scale}-`));
  cpSync(SEED, dir, { recursive: true });
  const categories = YAML.parse(readFileSync(path.join(dir, "categories.yaml"), "utf8"));
  const copies = {};
  const notes = [];
  let questions = 0;
  let added = 0;
  for (const category of categories) {
    const folder = path.join(dir, "questions", category.slug);
    const files = readdirSync(folder).filter((f) => f.endsWith(".md") && f !== "README.md").sort();
    const bank = files.map((file) => {
      const text = readFileSync(path.join(folder, file), "utf8");
      const front = text.match(/^---\n([\s\S]*?)\n---\n/);
      const id = front?.[1].match(/^id:\s*(\d+)\s*$/m);
      const title = front?.[1].match(/^title:(.*)$/m);
      if (!id || !title) throw new Error(`--scale: ${category.slug}/${file} has no id: or title: line in its front matter`);
      return { slug: path.basename(file, ".md"), text, id: Number(id[1]), title: String(YAML.parse(title[1])) };
    });
    questions += bank.length;
    const used = new Set(bank.map((q) => q.id));
    const free = [];
    for (let id = category.ids.from; id <= category.ids.to; id++) if (!used.has(id)) free.push(id);
    const fit = bank.length ? Math.floor(free.length / bank.length) : scale;
    copies[category.slug] = Math.min(scale, fit);
    if (fit < scale) {
      notes.push(
        `${category.slug}: ${copies[category.slug]} cop${copies[category.slug] === 1 ? "y" : "ies"}, not ${scale}: ` +
          `its range ${category.ids.from}–${category.ids.to} has ${free.length} free ids for ${bank.length} questions a copy`,
      );
    }
    let next = 0;
    for (let k = 1; k <= copies[category.slug]; k++) {
      for (const q of bank) {
        const text = q.text
          .replace(/^id:\s*\d+\s*$/m, `id: ${free[next++]}`)
          .replace(/^title:.*$/m, `title: ${JSON.stringify(copyTitle(q.title, k))}`);
        writeFileSync(path.join(folder, `${q.slug}-copy-${k}.md`), text);
        added++;
      }
    }
  }
  return { dir, scale, originalQuestions: questions, questions: questions + added, copies, notes };
}

// The loader's limit on a title: a long one loses its end to make room for the suffix.
const MAX_TITLE = 200;
function copyTitle(title, k) {
  const suffix = ` (copy ${k})`;
  return title.length + suffix.length <= MAX_TITLE ? `${title}${suffix}` : `${title.slice(0, MAX_TITLE - suffix.length - 1).trimEnd()}…${suffix}`;
}

// --- the URLs ---

/** Every question's summary (slug, title, category, difficulty, companies, tags), from the service's own list. */
export async function collectBank(base, fetchJson) {
  const bank = [];
  let cursor = null;
  do {
    const page = await fetchJson(`${base}/v1/questions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    bank.push(...page.data);
    cursor = page.page.nextCursor;
  } while (cursor);
  return bank;
}

const query = (params) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");

/** A non-empty subset of one question's category, one of its companies, one of its tags and its difficulty. */
function filtersOf(random, q, { allowNone = false } = {}) {
  for (;;) {
    const filters = {
      category: random() < 0.5 ? q.category.slug : undefined,
      company: q.companies.length && random() < 0.4 ? pick(random, q.companies).slug : undefined,
      tag: q.tags.length && random() < 0.5 ? pick(random, q.tags) : undefined,
      difficulty: random() < 0.4 ? q.difficulty : undefined,
    };
    if (allowNone || Object.values(filters).some((v) => v !== undefined)) return filters;
  }
}

const WORD = /[a-z][a-z0-9]{2,}/g;
const STOP = new Set(["the", "and", "for", "with", "from", "what", "how", "why", "when", "you", "your", "does", "are", "into", "its", "that", "this", "which", "copy"]);

/**
 * Up to `count` distinct URLs for one scenario, plus SAMPLE_SIZE more set aside; gives up on a
 * scenario whose combinations run out (tail-detail has one URL per slug) and returns what it has.
 */
export function generatePaths(kind, bank, count = MAX_PATHS) {
  const random = rng([...kind].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261));
  const want = count + SAMPLE_SIZE;
  const out = new Set();
  if (kind === "detail") {
    const slugs = [...bank].sort((a, b) => a.id - b.id).map((q) => `/v1/questions/${encodeURIComponent(q.slug)}`);
    // Every slug in turn; the sample is taken from among them (there is no other detail URL).
    return { paths: slugs, sample: slugs.filter((_, i) => i % Math.max(1, Math.floor(slugs.length / SAMPLE_SIZE)) === 0).slice(0, SAMPLE_SIZE) };
  }
  const titleWords = bank.map((q) => [...new Set((q.title.toLowerCase().match(WORD) ?? []).filter((w) => !STOP.has(w)))]).filter((ws) => ws.length >= 2);
  const maker = {
    search: () => {
      const words = pick(random, titleWords);
      const a = pick(random, words);
      let b = pick(random, words);
      while (b === a) b = pick(random, words);
      return `/v1/questions?${query({ q: `${a} ${b}`, limit: between(random, 1, 50) })}`;
    },
    filtered: () => `/v1/questions?${query({ ...filtersOf(random, pick(random, bank)), limit: between(random, 1, 100) })}`,
    walk: () => {
      // Small pages and broad filters make deep walks; limit=100 without filters is left out (collectBank's own walk).
      const filters = random() < 0.15 ? {} : filtersOf(random, pick(random, bank));
      return `/v1/questions?${query({ ...filters, sort: pick(random, ["id", "newest", "title", "difficulty"]), limit: between(random, 1, 50) })}`;
    },
    random: () => {
      const filters = random() < 0.2 ? {} : filtersOf(random, pick(random, bank));
      const exclude = random() < 0.5 ? Array.from({ length: between(random, 1, 3) }, () => pick(random, bank).id).join(",") : undefined;
      return `/v1/questions/random?${query({ ...filters, count: between(random, 1, 20), exclude })}`;
    },
  }[kind];
  if (!maker) throw new Error(`no URL generator for ${kind}`);
  // Stops after a run of draws that found nothing new: the combinations are used up.
  for (let misses = 0; out.size < want && misses < 20_000; ) {
    const size = out.size;
    out.add(maker());
    misses = out.size === size ? misses + 1 : 0;
  }
  const all = [...out];
  return { paths: all.slice(0, Math.max(1, all.length - SAMPLE_SIZE)), sample: all.slice(-SAMPLE_SIZE) };
}

/**
 * The memory probe's URLs: `count` distinct list URLs that all answer 200 (limit first, then a
 * sort and one question's filters, an order no long-tail URL uses), and `count` URLs that the
 * strict query schema refuses with 400 (/v1/categories?x=i).
 */
export function probePaths(bank, count) {
  const random = rng(0x9e3779b9);
  const ok = new Set();
  for (let misses = 0; ok.size < count && misses < 20_000; ) {
    const size = ok.size;
    const filters = random() < 0.1 ? {} : filtersOf(random, pick(random, bank));
    ok.add(`/v1/questions?${query({ limit: between(random, 1, 100), sort: pick(random, ["id", "newest", "title", "difficulty"]), ...filters })}`);
    misses = ok.size === size ? misses + 1 : 0;
  }
  const refused = Array.from({ length: count }, (_, i) => `/v1/categories?x=${i}`);
  return { ok: [...ok], refused };
}
