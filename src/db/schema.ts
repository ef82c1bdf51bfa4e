import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Content tables: written only by the seed loader (seed/load.ts), read by the API.

export const categories = sqliteTable("categories", {
  slug: text().primaryKey(),
  name: text().notNull(),
  description: text().notNull(),
  position: integer().notNull(),
});

export const companies = sqliteTable("companies", {
  slug: text().primaryKey(),
  name: text().notNull(),
  summary: text().notNull(),
  focusAreas: text({ mode: "json" }).$type<string[]>().notNull(),
  // "How they interview": rounds and tips, stored as the validated JSON of seed/companies/<slug>.yaml.
  interview: text({ mode: "json" }).$type<unknown>(),
  position: integer().notNull(),
});

export const tags = sqliteTable("tags", {
  slug: text().primaryKey(),
  name: text().notNull(),
});

export const questions = sqliteTable(
  "questions",
  {
    id: integer().primaryKey(),
    slug: text().notNull().unique(),
    title: text().notNull(),
    categorySlug: text()
      .notNull()
      .references(() => categories.slug),
    difficulty: text({ enum: ["easy", "medium", "hard"] }).notNull(),
    difficultyRank: integer().notNull(),
    answerMarkdown: text().notNull(),
    answerHtml: text().notNull(),
    createdAt: text().notNull(),
    updatedAt: text().notNull(),
  },
  (t) => [
    index("questions_category_idx").on(t.categorySlug),
    index("questions_created_idx").on(t.createdAt, t.id),
    index("questions_title_idx").on(t.title, t.id),
    index("questions_difficulty_idx").on(t.difficultyRank, t.id),
  ],
);

export const questionTags = sqliteTable(
  "question_tags",
  {
    questionId: integer()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    tagSlug: text()
      .notNull()
      .references(() => tags.slug),
    position: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.tagSlug] }), index("question_tags_tag_idx").on(t.tagSlug)],
);

export const questionCompanies = sqliteTable(
  "question_companies",
  {
    questionId: integer()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    companySlug: text()
      .notNull()
      .references(() => companies.slug),
    position: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.companySlug] }),
    index("question_companies_company_idx").on(t.companySlug),
  ],
);

export const codeExamples = sqliteTable(
  "code_examples",
  {
    questionId: integer()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    language: text().notNull(),
    caption: text().notNull(),
    code: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.position] })],
);

export const relatedQuestions = sqliteTable(
  "related_questions",
  {
    questionId: integer()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    relatedId: integer()
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    position: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.position] })],
);

export const prepPhases = sqliteTable("prep_phases", {
  position: integer().primaryKey(),
  title: text().notNull(),
  summary: text().notNull(),
  firstWeek: integer().notNull(),
  lastWeek: integer().notNull(),
});

export const prepTasks = sqliteTable(
  "prep_tasks",
  {
    phasePosition: integer()
      .notNull()
      .references(() => prepPhases.position, { onDelete: "cascade" }),
    position: integer().notNull(),
    title: text().notNull(),
    categorySlug: text().references(() => categories.slug),
  },
  (t) => [primaryKey({ columns: [t.phasePosition, t.position] })],
);

export const resources = sqliteTable("resources", {
  slug: text().primaryKey(),
  position: integer().notNull(),
  name: text().notNull(),
  kind: text({ enum: ["book", "course", "subscription", "service"] }).notNull(),
  description: text().notNull(),
  url: text().notNull(),
  priceMin: real().notNull(),
  priceMax: real().notNull(),
  currency: text().notNull(),
  period: text({ enum: ["one-time", "month", "session"] }).notNull(),
});

// Small documents and bookkeeping of the content: the seed hash, the prep plan's title, the
// resources' total investment. Keys are fixed in seed/load.ts.
export const contentMeta = sqliteTable("content_meta", {
  key: text().primaryKey(),
  value: text({ mode: "json" }).$type<unknown>().notNull(),
});
