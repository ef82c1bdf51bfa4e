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
  "software-engineer-ml",
] as const;
/** How reported figures are given: percentiles of a sample, or a source's stated range. */
export const figureBases = ["percentiles", "range"] as const;
/** Every kind of entry: reported figures, an employer's posted range, or official market statistics. */
export const salaryBases = [...figureBases, "posted-range", "market"] as const;
/** What a posted range covers, as the posting says: base pay only, or more. */
export const salaryIncludes = ["base", "base-and-bonus", "total"] as const;
export const payUnits = ["year", "hour"] as const;

export const commonLevelSchema = z.enum(commonLevels).openapi({
  description: "The common scale that maps every company's ladder: entry, mid, senior, staff, principal",
  example: "senior",
});
export const salaryRoleSchema = z.enum(salaryRoles).openapi({
  description:
    "The role family. For postings it is mapped from the title by the ordered rules in seed/salaries/roles.yaml (software-engineer-ml: software engineers on ML, AI infrastructure, training or inference).",
  example: "machine-learning-engineer",
});

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
  });

/**
 * A posted band exactly as stated. Some postings state the low end per hour and the high end per
 * year ("$85.10/hour to $251,000/year"); without the hours the posting gives, it is not converted.
 */
export const postedFigureSchema = z
  .object({
    low: z.number().positive(),
    high: z.number().positive(),
    lowUnit: z.enum(payUnits).default("year"),
    highUnit: z.enum(payUnits).default("year"),
  })
  .strict()
  .refine((f) => f.lowUnit !== f.highUnit || f.low <= f.high, { message: "must satisfy low ≤ high" });

export const marketWagesSchema = z
  .object({
    p10: z.number().int().positive().nullable().openapi({ example: 63650 }),
    p25: z.number().int().positive().nullable().openapi({ example: 82630 }),
    p50: z.number().int().positive().openapi({ example: 112590 }),
    p75: z.number().int().positive().nullable().openapi({ example: 155810 }),
    p90: z.number().int().positive().nullable().openapi({ example: 194410 }),
  })
  .strict()
  .openapi("MarketWages", { description: "Annual wage percentiles; null where the source does not give one" });

export const salarySourceSchema = z
  .object({
    name: z.string().min(3).openapi({ example: "OpenAI job posting 'Research Scientist' (careers page)" }),
    url: z.url({ protocol: /^https$/ }).openapi({ example: "https://openai.com/careers/research-scientist-san-francisco/" }),
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

/** A figure as served: whole units, each end with its unit (a posted low end may be hourly). */
export const servedFigureSchema = z
  .object({
    low: z.number().openapi({ description: "p25, or the low end of the stated range", example: 195000 }),
    median: z.union([z.number(), z.null()]).openapi({ description: "p50 where the source gives it", example: null }),
    high: z.number().openapi({ description: "p75, or the high end of the stated range", example: 228000 }),
    lowUnit: z.enum(payUnits).openapi({ description: "year, or hour when the source states the low end per hour", example: "year" }),
    highUnit: z.enum(payUnits).openapi({ example: "year" }),
  })
  .openapi("PayFigure");

const nullableFigure = z.union([servedFigureSchema, z.null()]);
const figureFields = {
  base: nullableFigure.openapi({ description: "Base salary; null when the source does not give it" }),
  stock: nullableFigure.openapi({ description: "Stock per year (grant value spread over vesting); null when not given" }),
  bonus: nullableFigure.openapi({ description: "Bonus per year; null when not given" }),
  total: nullableFigure.openapi({ description: "Total compensation per year; null when not given" }),
};

export const archiveSchema = z
  .object({
    repo: z.string().openapi({ example: "consistentJake/Chrome-Crawler-mcp" }),
    path: z.string().openapi({ example: "exploration/openAICareers/all_jobs_extracted.json" }),
    commit: z.string().openapi({ example: "d0c2489faf4eb3a7e834b78c5bdd5ef50917ea10" }),
    url: z.string().openapi({
      description: "The archived text on GitHub at that commit",
      example: "https://github.com/consistentJake/Chrome-Crawler-mcp/blob/d0c2489f…/exploration/openAICareers/all_jobs_extracted.json",
    }),
  })
  .openapi("SalaryArchive");

export const salarySchema = z
  .object({
    id: z.string().openapi({ example: "openai.research-scientist.posted.sf-bay-area.2" }),
    basis: z.enum(salaryBases).openapi({
      description:
        "How to read the figures: `posted-range` (an employer's own posted pay range, copied exactly), `market` (official statistics for an occupation, in `wages`), `percentiles` (low = p25, median = p50, high = p75) or `range` (a source's stated low and high)",
      example: "posted-range",
    }),
    company: z.union([companyRefSchema, z.null()]).openapi({ description: "null for market rows" }),
    role: salaryRoleSchema,
    title: z
      .union([z.string(), z.null()])
      .openapi({ description: "The posting's title, or the occupation of a market row", example: "Research Scientist" }),
    level: z.union([commonLevelSchema, z.null()]).openapi({ description: "null when the source names no level: we never guess one" }),
    companyLevel: z.union([z.string(), z.null()]).openapi({ description: "The company's own level, as the source names it", example: null }),
    companyLevelTitle: z.union([z.string(), z.null()]).openapi({ example: null }),
    locations: z.array(salaryLocationSchema).openapi({ description: "Every location the figures cover; a multi-city band is one entry" }),
    postedLocations: z
      .union([z.array(z.string()), z.null()])
      .openapi({ description: "The locations exactly as the posting lists them", example: ["San Francisco"] }),
    currency: z.string().openapi({ description: "ISO 4217; every figure of the entry is in it", example: "USD" }),
    ...figureFields,
    wages: z.union([marketWagesSchema, z.null()]).openapi({ description: "Market rows: annual wage percentiles" }),
    includes: z.enum(salaryIncludes).openapi({
      description: "What the figures cover: `base` (base pay only: no bonus, no equity), `base-and-bonus`, or `total`",
      example: "base",
    }),
    excludesEquity: z.boolean().openapi({
      description: "True when the figures leave equity out; equity is most of pay at OpenAI and Anthropic, so base pay understates them most",
      example: true,
    }),
    stated: z.union([z.string(), z.null()]).openapi({ description: "The pay text exactly as the posting states it", example: "$295K – $440K" }),
    flags: z.array(z.string()).openapi({ description: "Caveats found in review, e.g. a possible labour-certification posting", example: [] }),
    sampleSize: z
      .union([z.number().int(), z.null()])
      .openapi({ description: "Data points behind the figures, where the source says", example: null }),
    note: z.union([z.string(), z.null()]).openapi({ description: "What the figures include and how far to trust them" }),
    source: salarySourceSchema,
    archive: z.union([archiveSchema, z.null()]).openapi({ description: "Where a reviewer reads the archived posting text" }),
    asOf: z.string().openapi({ description: "The date the figures describe: a posting's capture date (YYYY-MM-DD)", example: "2026-01-14" }),
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
    low: z
      .union([z.number(), z.null()])
      .openapi({ description: "The lowest yearly `low` of the entries (hourly low ends are left out)", example: 180000 }),
    median: z.union([z.number().int(), z.null()]).openapi({ description: "The median of the entries' medians, when every entry gives one" }),
    high: z.number().openapi({ description: "The highest `high` of the entries", example: 260000 }),
    midpoint: z.union([z.number().int(), z.null()]).openapi({
      description: "The median of the entries' yearly range midpoints ((low + high) / 2): a typical band centre, not a pay median",
      example: 220000,
    }),
  })
  .openapi("PayEnvelope");
const nullableEnvelope = z.union([envelopeSchema, z.null()]);

export const salarySummarySchema = z
  .object({
    kind: z.enum(["company", "market"]).openapi({ description: "`market` rows carry official statistics for the occupation in that area" }),
    company: z.union([companyRefSchema, z.null()]),
    role: salaryRoleSchema,
    occupation: z.union([z.string(), z.null()]).openapi({ description: "Market rows: the official occupation", example: null }),
    area: z.union([z.string(), z.null()]).openapi({ description: "Market rows: the official statistical area", example: null }),
    level: z.union([commonLevelSchema, z.null()]).openapi({ description: "null when the entries name no level (most postings)" }),
    companyLevels: z.array(z.string()).openapi({ description: "The company's levels behind this group, where named", example: [] }),
    location: salaryLocationSchema,
    currency: z.string().openapi({ example: "USD" }),
    entries: z.number().int().min(1).openapi({ description: "How many entries the group summarises", example: 2 }),
    bases: z.array(z.enum(salaryBases)).openapi({ example: ["posted-range"] }),
    base: nullableEnvelope,
    stock: nullableEnvelope,
    bonus: nullableEnvelope,
    total: nullableEnvelope,
    wages: z.union([marketWagesSchema, z.null()]).openapi({ description: "Market rows: the wage percentiles" }),
    includes: z.array(z.enum(salaryIncludes)).openapi({ example: ["base"] }),
    excludesEquity: z.boolean().openapi({ description: "True when any of the group's figures leave equity out", example: true }),
    asOf: z.object({ oldest: z.string(), newest: z.string() }).openapi({ example: { oldest: "2025-10-11", newest: "2026-01-31" } }),
    sources: z.array(salarySourceSchema),
    salaries: z.array(z.string()).openapi({ description: "Ids of the entries, to fetch them from /v1/salaries" }),
  })
  .openapi("SalarySummary");

export const salarySummaryListSchema = z
  .object({
    data: z.array(salarySummarySchema),
    notes: z.array(z.string()).openapi({ description: "What the figures do and do not include, in plain words" }),
  })
  .openapi("SalarySummaryList");

export type Salary = z.infer<typeof salarySchema>;
export type PayFigure = z.infer<typeof payFigureSchema>;
export type ServedFigure = z.infer<typeof servedFigureSchema>;
export type SalarySummary = z.infer<typeof salarySummarySchema>;
