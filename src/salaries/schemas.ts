import { z } from "@hono/zod-openapi";
import { pageSchema } from "../questions/schemas.js";

// Compensation data: every figure is a range (or percentiles) with its currency, source and date.

export const commonLevels = ["entry", "mid", "senior", "staff", "principal"] as const;
export const salaryRoles = [
  "machine-learning-engineer",
  "research-scientist",
  "research-engineer",
  "applied-scientist",
  "data-scientist",
] as const;
export const figureBases = ["percentiles", "range"] as const;

export const commonLevelSchema = z.enum(commonLevels).openapi({
  description: "The common scale that maps every company's ladder: entry, mid, senior, staff, principal",
  example: "senior",
});
export const salaryRoleSchema = z.enum(salaryRoles).openapi({ example: "machine-learning-engineer" });

/** One component of pay per year, in whole currency units: low ≤ median ≤ high. */
export const payFigureSchema = z
  .object({
    low: z.number().int().nonnegative().openapi({ description: "p25, or the low end of the stated range", example: 195000 }),
    median: z.union([z.number().int().nonnegative(), z.null()]).openapi({ description: "p50 where the source gives it", example: 210000 }),
    high: z.number().int().nonnegative().openapi({ description: "p75, or the high end of the stated range", example: 228000 }),
  })
  .strict()
  .refine((f) => f.low <= f.high && (f.median === null || (f.low <= f.median && f.median <= f.high)), {
    message: "must satisfy low ≤ median ≤ high",
  })
  .openapi("PayFigure");

export const salarySourceSchema = z
  .object({
    name: z.string().min(3).openapi({ example: "Levels.fyi: Google Machine Learning Engineer salaries" }),
    url: z.url({ protocol: /^https$/ }).openapi({ example: "https://www.levels.fyi/companies/google/salaries/software-engineer/title/machine-learning-engineer" }),
  })
  .strict()
  .openapi("SalarySource");

const companyRefSchema = z.object({ slug: z.string(), name: z.string() }).openapi({ example: { slug: "google", name: "Google" } });
export const salaryLocationSchema = z
  .object({
    slug: z.string().openapi({ example: "sf-bay-area" }),
    name: z.string().openapi({ example: "San Francisco Bay Area" }),
    country: z.string().openapi({ description: "ISO 3166 alpha-2", example: "US" }),
  })
  .openapi("SalaryLocation");

const nullableFigure = z.union([payFigureSchema, z.null()]);
const figureFields = {
  base: nullableFigure.openapi({ description: "Base salary per year; null when the source does not give it" }),
  stock: nullableFigure.openapi({ description: "Stock per year (grant value spread over vesting); null when not given" }),
  bonus: nullableFigure.openapi({ description: "Bonus per year; null when not given" }),
  total: nullableFigure.openapi({ description: "Total compensation per year; null when not given" }),
};

export const salarySchema = z
  .object({
    id: z.string().openapi({ example: "google.machine-learning-engineer.l5.united-states" }),
    company: companyRefSchema,
    role: salaryRoleSchema,
    level: commonLevelSchema,
    companyLevel: z.string().openapi({ description: "The company's own level", example: "L5" }),
    companyLevelTitle: z.string().openapi({ example: "Senior Software Engineer (ML)" }),
    location: salaryLocationSchema,
    currency: z.string().openapi({ description: "ISO 4217; every figure of the entry is in it", example: "USD" }),
    basis: z.enum(figureBases).openapi({
      description: "How to read the figures: `percentiles` (low = p25, median = p50, high = p75) or `range` (the source's stated low and high)",
      example: "range",
    }),
    ...figureFields,
    sampleSize: z.union([z.number().int(), z.null()]).openapi({ description: "Data points behind the figures, where the source says", example: null }),
    note: z.union([z.string(), z.null()]).openapi({ description: "What the figures include and how far to trust them" }),
    source: salarySourceSchema,
    asOf: z.string().openapi({ description: "The date the figures describe (YYYY-MM-DD)", example: "2026-03-01" }),
  })
  .openapi("Salary");

export const salaryListSchema = z
  .object({
    data: z.array(salarySchema),
    page: pageSchema,
  })
  .openapi("SalaryList");

const envelopeSchema = z
  .object({
    low: z.number().int().openapi({ description: "The lowest `low` of the entries", example: 180000 }),
    median: z.union([z.number().int(), z.null()]).openapi({ description: "The median of the entries' medians, when every entry gives one" }),
    high: z.number().int().openapi({ description: "The highest `high` of the entries", example: 260000 }),
  })
  .openapi("PayEnvelope");
const nullableEnvelope = z.union([envelopeSchema, z.null()]);

export const salarySummarySchema = z
  .object({
    company: companyRefSchema,
    role: salaryRoleSchema,
    level: commonLevelSchema,
    companyLevels: z.array(z.string()).openapi({ description: "The company's levels behind this group", example: ["L5"] }),
    location: salaryLocationSchema,
    currency: z.string().openapi({ example: "USD" }),
    entries: z.number().int().min(1).openapi({ description: "How many entries the group summarises", example: 2 }),
    base: nullableEnvelope,
    stock: nullableEnvelope,
    bonus: nullableEnvelope,
    total: nullableEnvelope,
    asOf: z.object({ oldest: z.string(), newest: z.string() }).openapi({ example: { oldest: "2025-08-05", newest: "2026-03-01" } }),
    sources: z.array(salarySourceSchema),
    salaries: z.array(z.string()).openapi({ description: "Ids of the entries, to fetch them from /v1/salaries" }),
  })
  .openapi("SalarySummary");

export const salarySummaryListSchema = z.object({ data: z.array(salarySummarySchema) }).openapi("SalarySummaryList");

export type Salary = z.infer<typeof salarySchema>;
export type PayFigure = z.infer<typeof payFigureSchema>;
export type SalarySummary = z.infer<typeof salarySummarySchema>;
