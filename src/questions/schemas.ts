import { z } from "@hono/zod-openapi";
import { categoryRefSchema } from "../categories/schemas.js";

export const difficulties = ["easy", "medium", "hard"] as const;
export const difficultySchema = z.enum(difficulties).openapi({ example: "medium" });
export type Difficulty = z.infer<typeof difficultySchema>;

export const companyRefSchema = z
  .object({ slug: z.string().openapi({ example: "google" }), name: z.string().openapi({ example: "Google" }) })
  .openapi("CompanyRef");

export const evidenceKinds = ["interview-report", "company-prep-guide", "company-paper-or-blog", "job-posting"] as const;

export const evidenceSchema = z
  .object({
    kind: z.enum(evidenceKinds).openapi({
      description:
        "interview-report: a candidate's public account of the interview; company-prep-guide: the company's own preparation material; company-paper-or-blog: the company's own paper or engineering post on the system the question is about; job-posting: a posting of the company that names the skill.",
      example: "company-paper-or-blog",
    }),
    title: z.string().openapi({ example: "Deep Neural Networks for YouTube Recommendations (RecSys 2016)" }),
    url: z.string().openapi({ format: "uri", example: "https://research.google/pubs/deep-neural-networks-for-youtube-recommendations/" }),
    year: z.number().int().openapi({ example: 2016 }),
  })
  .openapi("Evidence");

export const companyTagSchema = companyRefSchema
  .extend({
    evidence: z.array(evidenceSchema).openapi({ description: "The public sources that say this company asks this question (at least one)." }),
  })
  .openapi("CompanyTag");

export const inspiredBySchema = z
  .object({
    organization: z.string().openapi({ example: "Airbnb" }),
    title: z.string().openapi({ example: "Applying Deep Learning to Airbnb Search (KDD 2019)" }),
    url: z.string().openapi({ format: "uri", example: "https://arxiv.org/abs/1810.09591" }),
    year: z.number().int().openapi({ example: 2019 }),
  })
  .openapi("InspiredBy");

const timestamp = z.string().openapi({ format: "date-time", example: "2025-03-04T00:00:00Z" });

export const questionSummarySchema = z
  .object({
    id: z.number().int().openapi({ example: 1001 }),
    slug: z.string().openapi({ example: "bias-variance-tradeoff" }),
    title: z.string().openapi({ example: "What is the bias-variance trade-off?" }),
    category: categoryRefSchema,
    difficulty: difficultySchema,
    companies: z.array(companyRefSchema),
    tags: z.array(z.string()).openapi({ example: ["bias-variance", "model-selection"] }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("QuestionSummary");

export const answerSchema = z
  .object({
    markdown: z.string().openapi({ example: "### Short answer\nBias is error from wrong assumptions…" }),
    html: z.string().openapi({
      description:
        "Rendered from the Markdown when the content was loaded, and sanitized. Formulas are MathML (`<math>`, which browsers draw natively); the Markdown keeps their LaTeX (`$…$`, `$$…$$`). Links to other questions point at their page for people, `/questions/{slug}`, relative to this API's origin.",
      example: "<h3>Short answer</h3>\n<p>Bias is error from wrong assumptions…</p>",
    }),
  })
  .openapi("Answer");

export const codeExampleSchema = z
  .object({
    language: z.string().openapi({ example: "python" }),
    caption: z.string().openapi({ example: "Measuring bias² and variance of polynomial fits by simulation" }),
    code: z.string().openapi({ example: "import numpy as np\n…" }),
    html: z.string().openapi({
      description:
        'The code highlighted when the content was loaded, as HTML to put inside `<pre><code>`: escaped text in `<span class="hljs-…">` (highlight.js class names, so any highlight.js theme colours it).',
      example: '<span class="hljs-keyword">import</span> numpy <span class="hljs-keyword">as</span> np\n…',
    }),
    tested: z.boolean().openapi({
      description:
        "True when our test suite executes this example and checks its result on every change; false for code that only compiles (it needs a GPU or a network).",
      example: true,
    }),
    runtime: z.string().openapi({
      description: "What the example runs with: the interpreter or engine and the packages it imports, with the versions the suite uses.",
      example: "python 3.11, numpy 1.24",
    }),
  })
  .openapi("CodeExample");

export const questionSchema = questionSummarySchema
  .extend({
    companies: z.array(companyTagSchema).openapi({ description: "The companies known to ask it, each with its public evidence" }),
    inspiredBy: z
      .array(inspiredBySchema)
      .openapi({ description: "Published systems of other organizations the question is modelled on (not a claim that they ask it)" }),
    answer: answerSchema,
    codeExamples: z.array(codeExampleSchema),
    related: z.array(questionSummarySchema).openapi({ description: "Up to five related questions" }),
  })
  .openapi("Question");

export const pageSchema = z
  .object({
    nextCursor: z.string().nullable().openapi({ example: "eyJzIjoiaWQiLCJrIjpbMTAyMF19.h2W7…" }),
    limit: z.number().int().openapi({ example: 20 }),
  })
  .openapi("Page");

export const highlightSchema = z
  .object({
    title: z.string().openapi({
      description: "The title, HTML-escaped, with the words that matched the query in `<mark>` (the only tag).",
      example: "Implement <mark>k-means</mark> clustering from scratch in NumPy",
    }),
    snippet: z.string().openapi({
      description:
        "About 200 characters of the answer around its best match, as plain text HTML-escaped, with the matched words in `<mark>` (the only tag); `…` where it is cut.",
      example:
        "…<mark>k-means</mark> alternates two steps: assign each point to its nearest centroid, then move each centroid to the mean of its points…",
    }),
    terms: z.array(z.string()).openapi({ description: "The words marked, lowercase, as written in the question (at most 10)", example: ["k-means"] }),
  })
  .openapi("SearchHighlight");

export const questionListItemSchema = questionSummarySchema
  .extend({
    highlight: highlightSchema.optional().openapi({ description: "Why this question matched: only when searching with `q`." }),
  })
  .openapi("QuestionListItem");

export const questionListSchema = z
  .object({
    data: z.array(questionListItemSchema),
    page: pageSchema,
    suggestion: z.string().nullable().optional().openapi({
      description:
        "Only with `q`: when nothing matched, a query built from the nearest words of the index (did you mean); null when something matched or nothing is near.",
      example: "transformer",
    }),
  })
  .openapi("QuestionList");

export const randomQuestionsSchema = z
  .object({
    data: z.array(questionSummarySchema),
    deck: z.string().nullable().openapi({
      description:
        "Pass back as ?deck= to deal the next questions of the same shuffled order without repeats; null when the matching questions have run out.",
      example: "eyJzIjo0MjQyLCJvIjo1fQ.q9Xc…",
    }),
  })
  .openapi("RandomQuestions");

export const dailyQuestionSchema = z
  .object({
    date: z.string().openapi({ format: "date", example: "2026-11-25" }),
    question: questionSchema,
  })
  .openapi("DailyQuestion");

export type QuestionSummary = z.infer<typeof questionSummarySchema>;
export type Question = z.infer<typeof questionSchema>;
export type QuestionList = z.infer<typeof questionListSchema>;
