import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { buildSearchIndex, type Highlight, type SearchDocument, type SearchIndex } from "../search/index.js";
import { type SynonymGroups, synonymGroupsSchema } from "../search/synonyms.js";
import { markdownText } from "../search/text.js";
import { findQuestion, findQuestions, findSummaries, type QuestionFilters, type QuestionSort, type SortKey } from "./queries.js";
import type { Question, QuestionSummary } from "./schemas.js";

// The question bank as one in-memory model per content version. Content changes only when it is
// reloaded, and the whole bank is small next to memory, so a process (or a Worker isolate) builds
// this once per version from the database and answers filters, orders and cursors from it: the
// database is consulted for the version, for search, and once per question for its detail.

type Ordered = Exclude<QuestionSort, "relevance">;

export interface BankModel {
  version: string;
  summaries: Map<number, QuestionSummary>;
  /** Ids in each order, exactly as SQLite sorts them (so cursors from either path agree). */
  orders: Record<Ordered, number[]>;
  /** A summary's JSON (exactly JSON.stringify's), kept for the whole version: lists and decks are assembled from it. */
  summaryJson(id: number): string | undefined;
  /** Matching ids for a filter set, ascending: the base order for shuffles and the daily pick. */
  matching(filters: QuestionFilters): number[];
  /** A page of one order after a cursor key; null when the key is not from this version (fall back to SQL). */
  page(filters: QuestionFilters, sort: Ordered, limit: number, after: SortKey | null): { rows: QuestionSummary[]; nextKey: SortKey | null } | null;
  /**
   * A page of the questions matching a search (src/search/), in relevance order (key: score, id) or
   * in one of the others, with each row's highlight; a did-you-mean when nothing matched at all.
   */
  search(db: Database, query: SearchQuery): Promise<SearchPage>;
  /** The same search without an await, once the index is built (by `search` or `warmSearch`); null before. */
  searchNow(query: SearchQuery): SearchPage | null;
  /** Builds the search index now, so that no search waits for it. */
  warmSearch(db: Database): Promise<void>;
  /** One question by id or slug, loaded once per version. */
  question(db: Database, idOrSlug: string): Promise<Question | null>;
  /** The same question serialized once, with the ETag its bytes give (what entityTags would compute). */
  questionJson(db: Database, idOrSlug: string): Promise<SerializedQuestion | null>;
  /**
   * Serializes every question of this version (within the byte budget), a hundred at a time with
   * four queries each: so that no reader waits for the database. Runs beside requests.
   */
  warmDetails(db: Database): Promise<void>;
  /** The serialized question if it is in memory already; null when no question has that id or slug, undefined when not loaded. */
  questionJsonNow(idOrSlug: string): SerializedQuestion | null | undefined;
}

export interface SerializedQuestion {
  /** The JSON as UTF-8: what goes on the wire, and a third of a two-byte string's memory. */
  body: Uint8Array;
  etag: string;
}

/**
 * What the serialized details of one version may hold, in bytes: past it, the least recently used
 * go. The bank's 333 questions are about 22 MB of JSON (answers as Markdown and MathML, code and its
 * highlighting), which this holds whole; the bank copied 7 times (152 MB) it does not, and a
 * detail read that finds nothing here is read from the database. A Worker isolate (128 MB in all)
 * passes a smaller one (src/worker.ts).
 */
export const DEFAULT_DETAIL_BUDGET = 64 * 1024 * 1024;

const encoder = new TextEncoder();

export interface SearchQuery {
  q: string;
  filters: QuestionFilters;
  sort: QuestionSort;
  limit: number;
  after: SortKey | null;
}

export interface SearchPage {
  rows: Array<QuestionSummary & { highlight: Highlight }>;
  nextKey: SortKey | null;
  suggestion: string | null;
}

/** Whether `key` comes after `after` in a sort (newest runs backwards); the same comparison SQLite makes. */
function isAfter(sort: Ordered, key: SortKey, after: SortKey): boolean {
  const descending = sort === "newest";
  for (let i = 0; i < key.length; i++) {
    const a = key[i] as string | number;
    const b = after[i];
    if (b === undefined || typeof a !== typeof b) return true;
    if (a !== b) return descending ? a < b : a > b;
  }
  return false;
}

/** The documents the search index is built from: titles, tag names and slugs, answers as plain text. */
export async function searchDocuments(db: Database, summaries: Map<number, QuestionSummary>): Promise<SearchDocument[]> {
  const [answers, tags] = await Promise.all([
    db.all<{ id: number; answer_markdown: string }>(sql`SELECT id, answer_markdown FROM questions ORDER BY id`),
    db.all<{ slug: string; name: string }>(sql`SELECT slug, name FROM tags`),
  ]);
  const tagNames = new Map(tags.map((t) => [t.slug, t.name]));
  return answers.flatMap((a) => {
    const s = summaries.get(a.id);
    return s ? [{ id: s.id, title: s.title, tags: s.tags.flatMap((t) => [tagNames.get(t) ?? t, t]), body: markdownText(a.answer_markdown) }] : [];
  });
}

/** The synonym groups stored with the content (seed/synonyms.yaml); none when absent. */
export async function storedSynonyms(db: Database): Promise<SynonymGroups> {
  const rows = await db.all<{ value: string }>(sql`SELECT value FROM content_meta WHERE key = 'synonyms'`);
  const stored = rows[0] ? synonymGroupsSchema.safeParse(JSON.parse(rows[0].value)) : null;
  return stored?.success ? stored.data : [];
}

/** The search index of the content in the database (what the model builds on its first search). */
export async function loadSearchIndex(db: Database, summaries: Map<number, QuestionSummary>): Promise<SearchIndex> {
  const [docs, synonyms] = await Promise.all([searchDocuments(db, summaries), storedSynonyms(db)]);
  return buildSearchIndex(docs, synonyms);
}

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

const SORT_SQL: Record<Ordered, ReturnType<typeof sql>> = {
  id: sql`id ASC`,
  newest: sql`created_at DESC, id DESC`,
  title: sql`title ASC, id ASC`,
  difficulty: sql`difficulty_rank ASC, id ASC`,
};

function keyOf(sort: Ordered, s: QuestionSummary, rank: number): SortKey {
  switch (sort) {
    case "id":
      return [s.id];
    case "newest":
      return [s.createdAt, s.id];
    case "title":
      return [s.title, s.id];
    case "difficulty":
      return [rank, s.id];
  }
}

async function buildModel(db: Database, version: string, detailBudget: number, shareBuilds: boolean): Promise<BankModel> {
  const orderRows = await Promise.all(
    (Object.keys(SORT_SQL) as Ordered[]).map(async (sort) => {
      const rows = await db.all<{ id: number; difficulty_rank: number }>(sql`SELECT id, difficulty_rank FROM questions ORDER BY ${SORT_SQL[sort]}`);
      return [sort, rows] as const;
    }),
  );
  const ranks = new Map<number, number>();
  const orders = {} as Record<Ordered, number[]>;
  for (const [sort, rows] of orderRows) {
    orders[sort] = rows.map((r) => r.id);
    for (const r of rows) ranks.set(r.id, r.difficulty_rank);
  }
  const summaries = new Map((await findSummaries(db, orders.id)).map((s) => [s.id, s]));
  const positions = Object.fromEntries(
    (Object.keys(orders) as Ordered[]).map((sort) => [sort, new Map(orders[sort].map((id, i) => [id, i]))]),
  ) as Record<Ordered, Map<number, number>>;
  const index = {
    category: new Map<string, Set<number>>(),
    company: new Map<string, Set<number>>(),
    difficulty: new Map<string, Set<number>>(),
    tag: new Map<string, Set<number>>(),
  };
  const add = (map: Map<string, Set<number>>, key: string, id: number) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(id);
  };
  const bySlug = new Map<string, number>();
  for (const s of summaries.values()) {
    bySlug.set(s.slug, s.id);
    add(index.category, s.category.slug, s.id);
    add(index.difficulty, s.difficulty, s.id);
    for (const c of s.companies) add(index.company, c.slug, s.id);
    for (const t of s.tags) add(index.tag, t, s.id);
  }
  const sets = (filters: QuestionFilters): Array<Set<number>> | null => {
    const out: Array<Set<number>> = [];
    for (const name of ["category", "company", "difficulty", "tag"] as const) {
      const value = filters[name];
      if (value === undefined) continue;
      const set = index[name].get(value);
      if (!set) return null; // a value no question has: nothing matches
      out.push(set);
    }
    return out.sort((a, b) => a.size - b.size);
  };
  const passes = (id: number, required: Array<Set<number>>) => required.every((set) => set.has(id));
  const matchingCache = new Map<string, number[]>();
  // Only finished values are kept, never promises: a Worker may not await, in one request, I/O that
  // another request started (and a failed load must not be remembered). Details are the bulk of the
  // bank (answers and code): as objects only the most recently used 512 are kept, and as JSON bytes
  // as many as the byte budget holds, so memory stays bounded whatever the bank's size.
  const DETAILS_KEPT = 512;
  const details = new Map<number, Question | null>();
  const keepDetail = (id: number, value: Question | null) => {
    details.delete(id);
    details.set(id, value);
    if (details.size > DETAILS_KEPT) details.delete(details.keys().next().value as number);
  };
  const serialized = new Map<number, SerializedQuestion>();
  let serializedBytes = 0;
  const keepSerialized = (id: number, value: SerializedQuestion) => {
    const before = serialized.get(id);
    if (before) {
      serialized.delete(id);
      serializedBytes -= before.body.byteLength;
    }
    serialized.set(id, value);
    serializedBytes += value.body.byteLength;
    for (const [oldest, kept] of serialized) {
      if (serializedBytes <= detailBudget || oldest === id) break;
      serialized.delete(oldest);
      serializedBytes -= kept.body.byteLength;
    }
  };
  // Built on the first search of this version, not with the model: lists without q never pay for it.
  let searchIndex: SearchIndex | null = null;
  // Bounded by the ids they hold together (half a million: 4 MB), oldest filter sets first out.
  const ordered = new Map<string, number[]>();
  let orderedIds = 0;
  const orderedMatching = (filters: QuestionFilters, sort: Ordered, required: Array<Set<number>>): number[] => {
    const key = JSON.stringify([sort, filters.category, filters.company, filters.difficulty, filters.tag]);
    let list = ordered.get(key);
    if (!list) {
      list = orders[sort].filter((id) => passes(id, required));
      ordered.set(key, list);
      orderedIds += list.length;
      for (const [oldest, kept] of ordered) {
        if (orderedIds <= 500_000 || oldest === key) break;
        ordered.delete(oldest);
        orderedIds -= kept.length;
      }
    }
    return list;
  };
  const pageOf = (
    filters: QuestionFilters,
    sort: Ordered,
    limit: number,
    after: SortKey | null,
    only?: Set<number>,
  ): { rows: QuestionSummary[]; nextKey: SortKey | null } | null => {
    const order = orders[sort];
    let start = 0;
    if (after) {
      const id = after[after.length - 1];
      const at = typeof id === "number" ? positions[sort].get(id) : undefined;
      const summary = typeof id === "number" ? summaries.get(id) : undefined;
      const key = summary ? keyOf(sort, summary, ranks.get(summary.id) ?? 0) : null;
      if (at !== undefined && key && key.length === after.length && key.every((k, i) => k === after[i])) start = at + 1;
      else if (only) {
        // A search's cursor from another version: the first question after its key.
        start = order.length;
        for (let i = 0; i < order.length; i++) {
          const s = summaries.get(order[i] as number) as QuestionSummary;
          if (isAfter(sort, keyOf(sort, s, ranks.get(s.id) ?? 0), after)) {
            start = i;
            break;
          }
        }
      } else return null;
    }
    const required = sets(filters);
    if (required === null) return { rows: [], nextKey: null };
    if (!only) {
      // The matching ids in this order, kept per filter set: a page is a slice after the cursor's place.
      const list = required.length === 0 ? order : orderedMatching(filters, sort, required);
      const position = positions[sort];
      let from = 0;
      if (start > 0) {
        let hi = list.length;
        while (from < hi) {
          const mid = (from + hi) >>> 1;
          if ((position.get(list[mid] as number) as number) < start) from = mid + 1;
          else hi = mid;
        }
      }
      const rows = list.slice(from, from + limit).map((id) => summaries.get(id) as QuestionSummary);
      const last = rows[rows.length - 1];
      return { rows, nextKey: from + limit < list.length && last ? keyOf(sort, last, ranks.get(last.id) ?? 0) : null };
    }
    required.unshift(only);
    const rows: QuestionSummary[] = [];
    let more = false;
    for (let i = start; i < order.length; i++) {
      const id = order[i] as number;
      if (!passes(id, required)) continue;
      if (rows.length === limit) {
        more = true;
        break;
      }
      rows.push(summaries.get(id) as QuestionSummary);
    }
    const last = rows[rows.length - 1];
    return { rows, nextKey: more && last ? keyOf(sort, last, ranks.get(last.id) ?? 0) : null };
  };
  const idOf = (idOrSlug: string) => {
    const id = /^\d{1,9}$/.test(idOrSlug) ? Number(idOrSlug) : bySlug.get(idOrSlug);
    return id !== undefined && summaries.has(id) ? id : undefined;
  };
  const question = async (db: Database, idOrSlug: string): Promise<Question | null> => {
    const id = idOf(idOrSlug);
    if (id === undefined) return null;
    let found = details.get(id);
    if (found === undefined) {
      found = await findQuestion(db, String(id));
      keepDetail(id, found);
    }
    return found;
  };

  // In a long-lived process the searches that arrive while the index is built wait for that one
  // build (at 7x the bank, each build reads 15 MB of answers). A Worker may not await another
  // request's I/O: there, each such search reads for itself, and the first to finish builds.
  let building: Promise<void> | null = null;
  const warmSearch = async (db: Database) => {
    if (searchIndex) return;
    if (shareBuilds && building) return building;
    const build = (async () => {
      const [docs, synonyms] = await Promise.all([searchDocuments(db, summaries), storedSynonyms(db)]);
      // Checked again after the reads: the build is synchronous, so of the first requests that
      // arrive together only the first to get its data builds; the others find it built.
      searchIndex ??= buildSearchIndex(docs, synonyms);
    })();
    if (shareBuilds) building = build.finally(() => (building = null));
    return build;
  };
  const searchResults = new Map<string, ReturnType<SearchIndex["search"]>>();
  const searchNow = (query: SearchQuery): SearchPage | null => {
    const index = searchIndex;
    if (!index) return null;
    // A query's hits are kept for its next pages and other limits (the 500 most recent queries).
    let result = searchResults.get(query.q);
    if (result) searchResults.delete(query.q);
    else result = index.search(query.q);
    searchResults.set(query.q, result);
    if (searchResults.size > 500) searchResults.delete(searchResults.keys().next().value as string);
    let page: { rows: QuestionSummary[]; nextKey: SortKey | null };
    if (query.sort === "relevance") {
      const required = sets(query.filters);
      const [score, id] = query.after ?? [];
      const rows: QuestionSummary[] = [];
      let more = false;
      let lastScore = 0;
      for (const hit of required === null ? [] : result.hits) {
        if (typeof score === "number" && typeof id === "number" && (hit.score > score || (hit.score === score && hit.id <= id))) continue;
        if (!passes(hit.id, required ?? [])) continue;
        if (rows.length === query.limit) {
          more = true;
          break;
        }
        const summary = summaries.get(hit.id);
        if (!summary) continue;
        rows.push(summary);
        lastScore = hit.score;
      }
      const last = rows[rows.length - 1];
      page = { rows, nextKey: more && last ? [lastScore, last.id] : null };
    } else {
      page = pageOf(query.filters, query.sort, query.limit, query.after, new Set(result.hits.map((h) => h.id))) ?? { rows: [], nextKey: null };
    }
    return {
      rows: page.rows.map((s) => ({ ...s, highlight: index.highlight(s.id, result) ?? { title: s.title, snippet: "", terms: [] } })),
      nextKey: page.nextKey,
      suggestion: result.hits.length === 0 ? index.suggest(query.q) : null,
    };
  };
  const summaryJson = new Map<number, string>();
  return {
    version,
    summaries,
    orders,
    summaryJson(id) {
      let json = summaryJson.get(id);
      if (json === undefined) {
        const summary = summaries.get(id);
        if (!summary) return undefined;
        json = JSON.stringify(summary);
        summaryJson.set(id, json); // bounded by the bank: one per question
      }
      return json;
    },
    matching(filters) {
      const key = JSON.stringify([filters.category, filters.company, filters.difficulty, filters.tag]);
      let ids = matchingCache.get(key);
      if (!ids) {
        const required = sets(filters);
        ids = required === null ? [] : orders.id.filter((id) => passes(id, required));
        // Bounded: four filters over a closed vocabulary, and unknown values all map to [].
        if (matchingCache.size < 5000) matchingCache.set(key, ids);
      }
      return ids;
    },
    page: (filters, sort, limit, after) => pageOf(filters, sort, limit, after),
    async search(db, query) {
      await warmSearch(db);
      return searchNow(query) as SearchPage;
    },
    searchNow,
    warmSearch,

    question,
    async questionJson(db, idOrSlug) {
      const id = idOf(idOrSlug);
      if (id === undefined) return null;
      const kept = serialized.get(id);
      if (kept) return kept;
      // Straight from the database, not through `details`: the bytes are all this path keeps.
      const found = await findQuestion(db, String(id));
      if (!found) return null;
      const body = encoder.encode(JSON.stringify(found));
      const answer = { body, etag: `"${hex(await crypto.subtle.digest("SHA-1", body))}"` };
      keepSerialized(id, answer);
      return answer;
    },
    async warmDetails(db) {
      const ids = orders.id;
      for (let i = 0; i < ids.length && serializedBytes < detailBudget; i += 100) {
        const chunk = ids.slice(i, i + 100).filter((id) => !serialized.has(id));
        const found = await findQuestions(db, summaries, chunk);
        for (const id of chunk) {
          const question = found.get(id);
          if (!question || serialized.has(id)) continue;
          const body = encoder.encode(JSON.stringify(question));
          keepSerialized(id, { body, etag: `"${hex(await crypto.subtle.digest("SHA-1", body))}"` });
        }
      }
    },
    questionJsonNow(idOrSlug) {
      const id = idOf(idOrSlug);
      if (id === undefined) return null;
      const kept = serialized.get(id);
      if (kept) {
        // Most recently used last: the budget evicts from the front.
        serialized.delete(id);
        serialized.set(id, kept);
      }
      return kept;
    },
  };
}

/**
 * The model of the current content version. The version (the seed hash the loader stores) is read
 * again at most every `checkMs` (0: on every call, one indexed row), and a new version builds a new
 * model; concurrent callers share one build.
 */
export function createBankModels(options: { checkMs?: number; now?: () => number; detailBudget?: number; warmDetails?: boolean } = {}) {
  const checkMs = options.checkMs ?? 0;
  const detailBudget = options.detailBudget ?? DEFAULT_DETAIL_BUDGET;
  const now = options.now ?? (() => Date.now());
  let current: BankModel | null = null;
  let checkedAt = Number.NEGATIVE_INFINITY;

  // No build is shared between requests while it runs (a Worker may not await another request's
  // I/O): concurrent first requests of a new version each build it, and the first to finish is kept.
  async function bankModel(db: Database): Promise<BankModel> {
    if (current && now() - checkedAt < checkMs) return current;
    const rows = await db.all<{ value: string }>(sql`SELECT value FROM content_meta WHERE key = 'seed-hash'`);
    checkedAt = now();
    // The value is only compared, never read: kept as stored (the loader writes it as JSON).
    const version = rows[0]?.value ?? "";
    if (current?.version === version) return current;
    const built = await buildModel(db, version, detailBudget, options.warmDetails ?? false);
    if (current?.version !== version) {
      current = built;
      // In the background: a failure only means details are read one by one, as without it.
      // The search index is not built here: its build is synchronous (3.5 s at 7x the bank) and
      // would hold up every request of a start; the first search builds it, once.
      if (options.warmDetails) built.warmDetails(db).catch(() => undefined);
    }
    return current;
  }
  return Object.assign(bankModel, {
    /** The model already built for this content version, without a query; null when there is none yet. */
    peek(version: string): BankModel | null {
      return current?.version === version ? current : null;
    },
  });
}

export type BankModels = ReturnType<typeof createBankModels>;
