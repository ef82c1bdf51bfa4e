import { z } from "@hono/zod-openapi";
import { categoryRefSchema } from "../categories/schemas.js";

export const difficulties = ["easy", "medium", "hard"] as const;
export const difficultySchema = z.enum(difficulties).openapi({ example: "medium" });
export type Difficulty = z.infer<typeof difficultySchema>;

export const companyRefSchema = z
  .object({ slug: z.string().openapi({ example: "google" }), name: z.string().openapi({ example: "Google" }) })
  .openapi("CompanyRef");

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
      description: "Rendered from the Markdown when the content was loaded, and sanitized. LaTeX ($…$) is left for the client to typeset.",
      example: "<h3>Short answer</h3>\n<p>Bias is error from wrong assumptions…</p>",
    }),
  })
  .openapi("Answer");

export const codeExampleSchema = z
  .object({
    language: z.string().openapi({ example: "python" }),
    caption: z.string().openapi({ example: "Measuring bias² and variance of polynomial fits by simulation" }),
    code: z.string().openapi({ example: "import numpy as np\n…" }),
  })
  .openapi("CodeExample");

export const questionSchema = questionSummarySchema
  .extend({
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

export const questionListSchema = z
  .object({ data: z.array(questionSummarySchema), page: pageSchema })
  .openapi("QuestionList");

export const randomQuestionsSchema = z
  .object({
    data: z.array(questionSummarySchema),
    deck: z.string().nullable().openapi({
      description: "Pass back as ?deck= to deal the next questions of the same shuffled order without repeats; null when the matching questions have run out.",
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
