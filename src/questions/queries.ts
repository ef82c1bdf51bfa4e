import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Difficulty, Question, QuestionSummary } from "./schemas.js";

export interface QuestionFilters {
  category?: string | undefined;
  company?: string | undefined;
  difficulty?: Difficulty | undefined;
  tag?: string | undefined;
}

export const questionSorts = ["id", "newest", "title", "difficulty", "relevance"] as const;
export type QuestionSort = (typeof questionSorts)[number];
export type SortKey = Array<string | number>;

interface SummaryRow {
  id: number;
  slug: string;
  title: string;
  category_slug: string;
  category_name: string;
  difficulty: Difficulty;
  created_at: string;
  updated_at: string;
  tags: string;
  companies: string;
  difficulty_rank?: number;
}

// One round trip per page: tags and companies come back as JSON arrays beside each row, which
// matters when the database is a network hop away (Turso, sqld).
const summaryColumns = sql`
  q.id, q.slug, q.title, q.category_slug, c.name AS category_name, q.difficulty, q.created_at, q.updated_at,
  (SELECT json_group_array(tag_slug) FROM (SELECT tag_slug FROM question_tags WHERE question_id = q.id ORDER BY position)) AS tags,
  (SELECT json_group_array(json_object('slug', slug, 'name', name)) FROM (
     SELECT co.slug, co.name FROM question_companies qc JOIN companies co ON co.slug = qc.company_slug
     WHERE qc.question_id = q.id ORDER BY qc.position)) AS companies`;

function toSummary(row: SummaryRow): QuestionSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    category: { slug: row.category_slug, name: row.category_name },
    difficulty: row.difficulty,
    companies: JSON.parse(row.companies) as QuestionSummary["companies"],
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function filterConditions(filters: QuestionFilters): SQL[] {
  const where: SQL[] = [];
  if (filters.category) where.push(sql`q.category_slug = ${filters.category}`);
  if (filters.difficulty) where.push(sql`q.difficulty = ${filters.difficulty}`);
  if (filters.company) {
    where.push(sql`EXISTS (SELECT 1 FROM question_companies qc WHERE qc.question_id = q.id AND qc.company_slug = ${filters.company})`);
  }
  if (filters.tag) {
    where.push(sql`EXISTS (SELECT 1 FROM question_tags qt WHERE qt.question_id = q.id AND qt.tag_slug = ${filters.tag})`);
  }
  return where;
}

type Ordered = Exclude<QuestionSort, "relevance">;

const orderings: Record<Ordered, { order: SQL; after: (k: SortKey) => SQL; key: (r: SummaryRow) => SortKey }> = {
  id: { order: sql`q.id ASC`, after: ([id]) => sql`q.id > ${id}`, key: (r) => [r.id] },
  newest: {
    order: sql`q.created_at DESC, q.id DESC`,
    after: ([at, id]) => sql`(q.created_at, q.id) < (${at}, ${id})`,
    key: (r) => [r.created_at, r.id],
  },
  title: {
    order: sql`q.title ASC, q.id ASC`,
    after: ([title, id]) => sql`(q.title, q.id) > (${title}, ${id})`,
    key: (r) => [r.title, r.id],
  },
  difficulty: {
    order: sql`q.difficulty_rank ASC, q.id ASC`,
    after: ([rank, id]) => sql`(q.difficulty_rank, q.id) > (${rank}, ${id})`,
    key: (r) => [r.difficulty_rank as number, r.id],
  },
};

export interface ListQuery {
  filters: QuestionFilters;
  sort: Ordered;
  limit: number;
  after: SortKey | null;
}

export async function listQuestions(db: Database, query: ListQuery): Promise<{ rows: QuestionSummary[]; nextKey: SortKey | null }> {
  const where = filterConditions(query.filters);
  const ordering = orderings[query.sort];
  if (query.after) where.push(ordering.after(query.after));
  const rows = await db.all<SummaryRow>(sql`
    SELECT ${summaryColumns}, q.difficulty_rank
    FROM questions q
    JOIN categories c ON c.slug = q.category_slug
    ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
    ORDER BY ${ordering.order}
    LIMIT ${query.limit + 1}`);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(toSummary),
    nextKey: rows.length > query.limit && last ? ordering.key(last) : null,
  };
}

/** Ids of every question matching the filters, ascending: the stable base order for shuffles. */
export async function listMatchingIds(db: Database, filters: QuestionFilters): Promise<number[]> {
  const where = filterConditions(filters);
  const rows = await db.all<{ id: number }>(sql`
    SELECT q.id FROM questions q ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``} ORDER BY q.id`);
  return rows.map((r) => r.id);
}

/** Summaries of the given questions, in the order given. */
export async function findSummaries(db: Database, ids: number[]): Promise<QuestionSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.all<SummaryRow>(sql`
    SELECT ${summaryColumns} FROM questions q JOIN categories c ON c.slug = q.category_slug
    WHERE q.id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`);
  const byId = new Map(rows.map((r) => [r.id, toSummary(r)]));
  return ids.map((id) => byId.get(id)).filter((s): s is QuestionSummary => s !== undefined);
}

export async function findQuestion(db: Database, idOrSlug: string): Promise<Question | null> {
  const match = /^\d{1,9}$/.test(idOrSlug) ? sql`q.id = ${Number(idOrSlug)}` : sql`q.slug = ${idOrSlug}`;
  const [row] = await db.all<
    SummaryRow & { answer_markdown: string; answer_html: string; inspired_by: string; company_tags: string; code_examples: string; related: string }
  >(sql`
    SELECT ${summaryColumns}, q.answer_markdown, q.answer_html, q.inspired_by,
      (SELECT json_group_array(json_object('slug', slug, 'name', name, 'evidence', json(evidence))) FROM (
         SELECT co.slug, co.name, qc.evidence FROM question_companies qc JOIN companies co ON co.slug = qc.company_slug
         WHERE qc.question_id = q.id ORDER BY qc.position)) AS company_tags,
      (SELECT json_group_array(json_object('language', language, 'caption', caption, 'code', code, 'html', html, 'tested', json(CASE WHEN tested THEN 'true' ELSE 'false' END), 'runtime', runtime)) FROM (
         SELECT language, caption, code, html, tested, runtime FROM code_examples WHERE question_id = q.id ORDER BY position)) AS code_examples,
      (SELECT json_group_array(related_id) FROM (
         SELECT related_id FROM related_questions WHERE question_id = q.id ORDER BY position)) AS related
    FROM questions q JOIN categories c ON c.slug = q.category_slug
    WHERE ${match}`);
  if (!row) return null;
  const related = await findSummaries(db, JSON.parse(row.related) as number[]);
  return {
    ...toSummary(row),
    companies: JSON.parse(row.company_tags) as Question["companies"],
    inspiredBy: JSON.parse(row.inspired_by) as Question["inspiredBy"],
    answer: { markdown: row.answer_markdown, html: row.answer_html },
    codeExamples: JSON.parse(row.code_examples) as Question["codeExamples"],
    related,
  };
}

/**
 * Whole questions for many ids in four queries (rather than four per question): the same objects
 * findQuestion gives, with `related` taken from the summaries given (the same content version).
 */
export async function findQuestions(db: Database, summaries: Map<number, QuestionSummary>, ids: number[]): Promise<Map<number, Question>> {
  const found = new Map<number, Question>();
  if (ids.length === 0) return found;
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const [rows, companies, examples, related] = await Promise.all([
    db.all<{ id: number; answer_markdown: string; answer_html: string; inspired_by: string }>(
      sql`SELECT id, answer_markdown, answer_html, inspired_by FROM questions WHERE id IN (${list})`,
    ),
    db.all<{ question_id: number; slug: string; name: string; evidence: string }>(sql`
      SELECT qc.question_id, co.slug, co.name, qc.evidence FROM question_companies qc JOIN companies co ON co.slug = qc.company_slug
      WHERE qc.question_id IN (${list}) ORDER BY qc.question_id, qc.position`),
    db.all<{ question_id: number; language: string; caption: string | null; code: string; html: string; tested: number; runtime: string | null }>(sql`
      SELECT question_id, language, caption, code, html, tested, runtime FROM code_examples WHERE question_id IN (${list}) ORDER BY question_id, position`),
    db.all<{ question_id: number; related_id: number }>(
      sql`SELECT question_id, related_id FROM related_questions WHERE question_id IN (${list}) ORDER BY question_id, position`,
    ),
  ]);
  const grouped = <R extends { question_id: number }, T>(all: R[], map: (row: R) => T) => {
    const out = new Map<number, T[]>();
    for (const row of all) {
      const items = out.get(row.question_id);
      if (items) items.push(map(row));
      else out.set(row.question_id, [map(row)]);
    }
    return out;
  };
  const companiesOf = grouped(companies, (r) => ({ slug: r.slug, name: r.name, evidence: JSON.parse(r.evidence) as unknown }));
  const examplesOf = grouped(examples, (r) => ({
    language: r.language,
    caption: r.caption,
    code: r.code,
    html: r.html,
    tested: Boolean(r.tested),
    runtime: r.runtime,
  }));
  const relatedOf = grouped(related, (r) => r.related_id);
  for (const row of rows) {
    const summary = summaries.get(row.id);
    if (!summary) continue;
    found.set(row.id, {
      ...summary,
      companies: (companiesOf.get(row.id) ?? []) as Question["companies"],
      inspiredBy: JSON.parse(row.inspired_by) as Question["inspiredBy"],
      answer: { markdown: row.answer_markdown, html: row.answer_html },
      codeExamples: (examplesOf.get(row.id) ?? []) as Question["codeExamples"],
      related: (relatedOf.get(row.id) ?? []).map((id) => summaries.get(id)).filter((s): s is QuestionSummary => s !== undefined),
    });
  }
  return found;
}
