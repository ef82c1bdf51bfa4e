import { z } from "zod";
import { slugSchema } from "../categories/schemas.js";
import { interviewProcessSchema } from "../companies/schemas.js";
import { difficultySchema, evidenceKinds } from "../questions/schemas.js";
import { moneyRangeSchema, priceSchema, resourceKinds } from "../resources/schemas.js";
import {
  commonLevelSchema,
  figureBases,
  marketWagesSchema,
  payFigureSchema,
  postedFigureSchema,
  salaryIncludes,
  salaryRoleSchema,
  salarySourceSchema,
} from "../salaries/schemas.js";

// The content files' schemas, built from the API's own schemas so the two cannot disagree.

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date YYYY-MM-DD" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: "must be a real calendar date",
  });

export const categoryFileSchema = z
  .array(
    z
      .object({
        slug: slugSchema,
        // The range the category's question ids are drawn from, so an id says its category.
        ids: z
          .object({ from: z.number().int().min(1), to: z.number().int().min(1) })
          .strict()
          .refine((r) => r.from <= r.to, { message: "from must not exceed to" }),
        name: z.string().min(1),
        description: z.string().min(20),
      })
      .strict(),
  )
  .min(1);

export const tagFileSchema = z.array(z.object({ slug: slugSchema, name: z.string().min(1) }).strict()).min(1);

export const companyFileSchema = z
  .object({
    name: z.string().min(1),
    position: z.number().int().min(1),
    summary: z.string().min(20),
    focusAreas: z.array(z.string().min(1)).min(1).max(8),
    interview: interviewProcessSchema.optional(),
  })
  .strict();

export const prepPlanFileSchema = z
  .object({
    title: z.string().min(1),
    weeks: z.number().int().min(1).max(52),
    phases: z
      .array(
        z
          .object({
            title: z.string().min(1),
            weeks: z.array(z.number().int().min(1)).min(1),
            summary: z.string().min(1),
            tasks: z.array(z.object({ title: z.string().min(1), category: slugSchema.nullable() }).strict()).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const resourcesFileSchema = z
  .object({
    resources: z
      .array(
        z
          .object({
            slug: slugSchema,
            name: z.string().min(1),
            kind: z.enum(resourceKinds),
            description: z.string().min(1),
            url: z.url({ protocol: /^https$/ }),
            price: priceSchema.refine((p) => p.min <= p.max, { message: "min must not exceed max" }),
          })
          .strict(),
      )
      .min(1),
    totalInvestment: moneyRangeSchema,
  })
  .strict();

export const codeExampleFileSchema = z
  .object({
    file: z.string().regex(/^[a-z0-9][a-z0-9.-]*\.(py|sql)$/, { message: "must be a .py or .sql file name beside the question" }),
    caption: z.string().min(5).max(300),
    run: z.boolean().default(true),
    fixture: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: "must name a file in seed/fixtures/ without .sql" })
      .optional(),
    expected: z.array(z.array(z.union([z.string(), z.number(), z.null()]))).optional(),
  })
  .strict();

const year = z.number().int().min(1990).max(2100);
const httpsUrl = z.url({ protocol: /^https?$/, message: "must be the source's public http(s) URL" });

/** A public source behind a company tag. */
export const evidenceFileSchema = z
  .object({
    kind: z.enum(evidenceKinds),
    title: z.string().min(5).max(300),
    url: httpsUrl,
    year,
  })
  .strict();

/** "This company asks this", with the public sources that say so; no evidence, no tag. */
export const companyTagFileSchema = z
  .object(
    {
      company: slugSchema,
      evidence: z.array(evidenceFileSchema).min(1, { message: "a company tag needs at least one public source (no evidence, no tag)" }),
    },
    {
      error: (issue) =>
        issue.code === "invalid_type" ? "a company tag is { company, evidence: [...] } with at least one public source, not a bare slug" : undefined,
    },
  )
  .strict();

/** The published system a question is modelled on, named instead of borrowing a big name. */
export const inspiredByFileSchema = z
  .object({ organization: z.string().min(2).max(80), title: z.string().min(5).max(300), url: httpsUrl, year })
  .strict();

export const questionFrontMatterSchema = z
  .object({
    id: z.number().int().min(1001).max(99999),
    title: z.string().min(10).max(200),
    difficulty: difficultySchema,
    companies: z.array(companyTagFileSchema).max(12).default([]),
    inspiredBy: z.array(inspiredByFileSchema).max(6).default([]),
    tags: z.array(slugSchema).min(1).max(4),
    created: isoDate,
    updated: isoDate,
    codeExamples: z.array(codeExampleFileSchema).max(6).default([]),
  })
  .strict()
  .refine((q) => q.updated >= q.created, { message: "updated must not be before created", path: ["updated"] });

export type QuestionFrontMatter = z.infer<typeof questionFrontMatterSchema>;
export type CodeExampleFile = z.infer<typeof codeExampleFileSchema>;

// Salary data: seed/salaries/locations.yaml and one seed/salaries/<company>.yaml per company.

export const salaryLocationFileSchema = z
  .array(
    z
      .object({
        slug: slugSchema,
        name: z.string().min(2),
        country: z.string().regex(/^[A-Z]{2}$/, { message: "must be an ISO 3166 alpha-2 country code" }),
        currency: z.string().regex(/^[A-Z]{3}$/, { message: "must be an ISO 4217 currency code" }),
      })
      .strict(),
  )
  .min(1);

const currencyCode = z.string().regex(/^[A-Z]{3}$/, { message: "must be an ISO 4217 currency code" });

/** Self-reported or survey figures: a level on the company's ladder, percentiles or a range. */
const reportedEntryFileSchema = z
  .object({
    basis: z.enum(figureBases),
    role: salaryRoleSchema,
    companyLevel: z.string().min(1).max(40),
    locations: z.array(slugSchema).min(1),
    currency: currencyCode,
    base: payFigureSchema.optional(),
    stock: payFigureSchema.optional(),
    bonus: payFigureSchema.optional(),
    total: payFigureSchema.optional(),
    sampleSize: z.number().int().min(1).optional(),
    note: z.string().min(10).max(600).optional(),
    source: salarySourceSchema,
    asOf: isoDate,
  })
  .strict()
  .refine((e) => e.base !== undefined || e.total !== undefined, { message: "an entry needs at least base or total" });

/** Where a reviewer reads the archived text of a posting: a public repository at a commit. */
export const archiveFileSchema = z
  .object({
    repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: "must be owner/name of a public repository" }),
    path: z.string().min(1).max(300),
    commit: z.string().regex(/^[0-9a-f]{40}$/, { message: "must be a full commit hash" }),
  })
  .strict();

/**
 * An employer's own posted pay range, copied exactly. Base pay only unless the posting says
 * more; no level unless the posting names one; one entry for a band that covers several cities.
 */
const postedEntryFileSchema = z
  .object({
    basis: z.literal("posted-range"),
    title: z.string().min(3).max(200),
    role: salaryRoleSchema,
    companyLevel: z.string().min(1).max(60).optional(),
    locations: z.array(slugSchema).min(1),
    postedLocations: z.array(z.string().min(2).max(160)).min(1),
    currency: currencyCode,
    base: postedFigureSchema,
    stated: z.string().min(3).max(500).optional(),
    includes: z.enum(salaryIncludes),
    flags: z.array(z.string().min(3).max(200)).default([]),
    note: z.string().min(10).max(600).optional(),
    source: salarySourceSchema,
    asOf: isoDate,
    archive: archiveFileSchema.optional(),
  })
  .strict();

const salaryEntryFileSchema = z.discriminatedUnion("basis", [reportedEntryFileSchema, postedEntryFileSchema]);
export type SalaryEntryFile = z.infer<typeof salaryEntryFileSchema>;

export const salaryFileSchema = z
  .object({
    company: slugSchema,
    ladder: z
      .array(
        z
          .object({
            companyLevel: z.string().min(1).max(40),
            title: z.string().min(2).max(120),
            level: commonLevelSchema,
          })
          .strict(),
      )
      .min(1),
    ladderSource: salarySourceSchema.optional(),
    entries: z.array(salaryEntryFileSchema),
  })
  .strict()
  .superRefine((file, ctx) => {
    const known = new Set(file.ladder.map((step) => step.companyLevel));
    file.entries.forEach((entry, i) => {
      // Reported figures are by level; a posting's level, when it names one, is kept as stated.
      if (entry.basis !== "posted-range" && !known.has(entry.companyLevel)) {
        ctx.addIssue({ code: "custom", path: ["entries", i, "companyLevel"], message: `${entry.companyLevel} is not on this company's ladder` });
      }
    });
  });

/** seed/salaries/roles.yaml: ordered title rules that give a posting its role family. */
export const roleRulesFileSchema = z
  .object({
    rules: z
      .array(
        z
          .object({
            role: z.union([salaryRoleSchema, z.literal("skip")]),
            pattern: z
              .string()
              .min(2)
              .refine(
                (p) => {
                  try {
                    new RegExp(p, "i");
                    return true;
                  } catch {
                    return false;
                  }
                },
                { message: "must be a valid regular expression" },
              ),
            why: z.string().min(3).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** Official statistics of an occupation in an area: no employer, wage percentiles. */
export const marketFileSchema = z
  .object({
    entries: z.array(
      z
        .object({
          occupation: z.string().min(3).max(120),
          soc: z.string().regex(/^\d{2}-\d{4}$/, { message: "must be a SOC code such as 15-2051" }),
          role: salaryRoleSchema,
          area: z.string().min(2).max(160),
          location: slugSchema,
          currency: currencyCode,
          wages: marketWagesSchema,
          source: salarySourceSchema,
          asOf: isoDate,
          // A copy of the official file in a public repository, read by script.
          archive: archiveFileSchema.optional(),
          // Where a figure was transcribed from a copy rather than read from an official file.
          transcription: z
            .object({ repo: archiveFileSchema.shape.repo, path: z.string().min(1), commit: archiveFileSchema.shape.commit, where: z.string().min(3) })
            .strict()
            .optional(),
          note: z.string().min(10).max(600).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export type SalaryFile = z.infer<typeof salaryFileSchema>;
