import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Content tables: written only by the content loader (src/content/write.ts), read by the API.

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
    // The published systems a question is modelled on: [{organization, title, url, year}].
    inspiredBy: text({ mode: "json" }).$type<unknown[]>().notNull().default([]),
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
    // The public sources behind the tag: [{kind, title, url, year}]; the loader refuses a tag without one.
    evidence: text({ mode: "json" }).$type<unknown[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.companySlug] }), index("question_companies_company_idx").on(t.companySlug)],
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
    // The code highlighted when the content was loaded (highlight.js classes), for pages and widgets.
    html: text().notNull().default(""),
    // Whether the test suite executes it, and with what ("python 3.11, numpy 1.24, torch 1.13").
    tested: integer({ mode: "boolean" }).notNull().default(false),
    runtime: text().notNull().default(""),
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

// Salary data (seed/salaries/): where figures are reported, each company's ladder mapped to the
// common scale, and the entries themselves. Written only by the seed loader, like all content.
export const salaryLocations = sqliteTable("salary_locations", {
  slug: text().primaryKey(),
  position: integer().notNull(),
  name: text().notNull(),
  country: text().notNull(),
  currency: text().notNull(),
});

export const companyLevels = sqliteTable(
  "company_levels",
  {
    companySlug: text().notNull(),
    companyLevel: text().notNull(),
    position: integer().notNull(),
    title: text().notNull(),
    level: text({ enum: ["entry", "mid", "senior", "staff", "principal"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.companySlug, t.companyLevel] })],
);

export const salaries = sqliteTable(
  "salaries",
  {
    id: text().primaryKey(),
    position: integer().notNull(),
    // Null for market rows (official statistics of an occupation, no employer).
    companySlug: text(),
    role: text().notNull(),
    // Null when the source names no level: postings rarely do, and we never guess one.
    companyLevel: text(),
    level: text(),
    levelRank: integer(),
    currency: text().notNull(),
    basis: text({ enum: ["percentiles", "range", "posted-range", "market"] }).notNull(),
    // {base, stock, bonus, total}: each {low, median, high, lowUnit, highUnit} or null.
    figures: text({ mode: "json" }).$type<unknown>().notNull(),
    // What the kind adds: a posting's title, stated text, locations as posted, what the figures
    // include, flags and archive; a market row's occupation and wage percentiles.
    details: text({ mode: "json" }).$type<unknown>().notNull().default({}),
    sampleSize: integer(),
    note: text(),
    sourceName: text().notNull(),
    sourceUrl: text().notNull(),
    asOf: text().notNull(),
  },
  (t) => [index("salaries_company_idx").on(t.companySlug, t.levelRank), index("salaries_as_of_idx").on(t.asOf)],
);

// The locations an entry covers: a multi-city band is one entry with several locations.
export const salaryEntryLocations = sqliteTable(
  "salary_entry_locations",
  {
    salaryId: text()
      .notNull()
      .references(() => salaries.id, { onDelete: "cascade" }),
    locationSlug: text()
      .notNull()
      .references(() => salaryLocations.slug),
    position: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.salaryId, t.locationSlug] }), index("salary_entry_locations_location_idx").on(t.locationSlug)],
);

// Small documents and bookkeeping of the content: the seed hash, the prep plan's title, the
// resources' total investment. Keys are fixed in src/content/write.ts.
export const contentMeta = sqliteTable("content_meta", {
  key: text().primaryKey(),
  value: text({ mode: "json" }).$type<unknown>().notNull(),
});

// Subscriber tables: written only by the API and the mail worker; the seed loader never touches them.
// Question ids here are plain integers (no foreign key), so removing a question from seed/ never
// deletes delivery history.

export const subscribers = sqliteTable(
  "subscribers",
  {
    id: text().primaryKey(),
    // Lowercased address: one subscriber per address whatever its case.
    emailKey: text().notNull().unique(),
    email: text().notNull(),
    status: text({ enum: ["pending", "confirmed", "unsubscribed"] }).notNull(),
    categories: text({ mode: "json" }).$type<string[]>().notNull(),
    companies: text({ mode: "json" }).$type<string[]>().notNull(),
    frequency: text({ enum: ["daily", "weekly", "none"] }).notNull(),
    consentAt: text().notNull(),
    consentSource: text().notNull(),
    confirmTokenHash: text().unique(),
    confirmExpiresAt: text(),
    confirmSentAt: text(),
    confirmedAt: text(),
    unsubscribedAt: text(),
    nextQuestionAt: text(),
    createdAt: text().notNull(),
    updatedAt: text().notNull(),
  },
  (t) => [index("subscribers_due_idx").on(t.status, t.nextQuestionAt)],
);

export const deliveries = sqliteTable(
  "deliveries",
  {
    subscriberId: text()
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    questionId: integer().notNull(),
    sentAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.subscriberId, t.questionId] })],
);

export const outbox = sqliteTable(
  "outbox",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    // Unique per logical mail (e.g. "welcome:<subscriber>"), so a retried request never enqueues twice.
    dedupeKey: text().notNull().unique(),
    subscriberId: text().references(() => subscribers.id, { onDelete: "cascade" }),
    kind: text({ enum: ["confirmation", "welcome", "question"] }).notNull(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    headers: text({ mode: "json" }).$type<Record<string, string>>().notNull(),
    status: text({ enum: ["pending", "sending", "sent", "failed"] }).notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: text().notNull(),
    claimId: text(),
    claimedAt: text(),
    sentAt: text(),
    lastError: text(),
    createdAt: text().notNull(),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

// Fixed-window counters for rate limits, shared by every process and Worker isolate.
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text().notNull(),
    windowStart: integer().notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

// API keys: only a SHA-256 of each key is stored; the key itself is shown once, at creation.
export const apiKeys = sqliteTable("api_keys", {
  id: text().primaryKey(),
  kind: text({ enum: ["publishable", "secret"] }).notNull(),
  name: text().notNull(),
  // The first characters of the key ("pk_3fQ9…"), so an operator can tell keys apart.
  prefix: text().notNull(),
  keyHash: text().notNull().unique(),
  allowedOrigins: text({ mode: "json" }).$type<string[]>().notNull(),
  rateLimitPerMinute: integer().notNull(),
  // Secret keys only: may call the /v1/admin subscriber operations.
  admin: integer({ mode: "boolean" }).notNull().default(false),
  createdAt: text().notNull(),
  revokedAt: text(),
});

// Secrets this installation made for itself: the SIGNING_SECRET generated when none is configured,
// kept so that a restart, or another process on the same database, signs and verifies the same
// links (unsubscribe, preferences, the bank), cursors and decks. Never served, never logged.
export const instanceSecrets = sqliteTable("instance_secrets", {
  name: text().primaryKey(),
  value: text().notNull(),
  createdAt: text().notNull(),
});
