import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../http/problem.js";
import { cachedJson, errorResponses, linkNextPage, notModified, pageHeaders, pageQueryParams, readHeaders, type createRouter } from "../http/router.js";
import { findSalaries, type SalaryFilters, salaryVocabulary, summarize } from "./queries.js";
import { salaryListSchema, salarySummaryListSchema } from "./schemas.js";

const listParam = (name: keyof SalaryFilters, description: string, example: string) =>
  z
    .string()
    .min(1)
    .max(600)
    .regex(/^[A-Za-z0-9_.+-]+(,[A-Za-z0-9_.+-]+)*$/, { message: "must be values separated by commas, e.g. google,meta" })
    .optional()
    .openapi({ param: { name, in: "query" }, description: `${description}. Several values, comma-separated, match any of them.`, example });

const filterParams = {
  company: listParam("company", "Only these companies (slugs of /v1/companies)", "google,meta,openai,amazon"),
  role: listParam("role", "Only these roles: machine-learning-engineer, research-scientist, research-engineer, applied-scientist, data-scientist", "machine-learning-engineer"),
  level: listParam("level", "Only these levels of the common scale: entry, mid, senior, staff, principal", "senior"),
  companyLevel: listParam("companyLevel", "Only these company levels (each company's own ladder, e.g. L5, E5, IC4)", "L5"),
  location: listParam("location", "Only these locations: sf-bay-area, seattle, new-york, london, zurich, bangalore, toronto, united-states", "united-states"),
};

const salaryQuerySchema = z
  .object({
    ...filterParams,
    ...pageQueryParams(50),
  })
  .strict();

const summaryQuerySchema = z.object(filterParams).strict();

const cursorPayload = z.object({ f: z.string(), o: z.number().int().min(1) }).strict();

const FIGURES_NOTE =
  "Every figure is a yearly amount in whole units of `currency`, as a range (`basis: range`) or percentiles (`basis: percentiles`), with its `source` and `asOf` date. Figures are carried over from public data (self-reported compensation, job postings' pay ranges, H-1B filings); where there is no good public figure there is no entry.";

export const listSalariesRoute = createRoute({
  method: "get",
  path: "/v1/salaries",
  operationId: "listSalaries",
  tags: ["Salaries"],
  summary: "List salary data for ML roles",
  description: `Compensation entries by company, role, level and location. Filters combine with AND; each takes several comma-separated values. Ordered by level (common scale), then company, role and location; cursor-paginated. ${FIGURES_NOTE}`,
  request: { query: salaryQuerySchema },
  responses: {
    200: {
      description: "A page of salary entries",
      headers: pageHeaders,
      content: { "application/json": { schema: salaryListSchema } },
    },
    ...notModified,
    ...errorResponses,
  },
});

export const salarySummaryRoute = createRoute({
  method: "get",
  path: "/v1/salaries/summary",
  operationId: "summarizeSalaries",
  tags: ["Salaries"],
  summary: "Compare pay across companies in one call",
  description: `What a role pays at a level, company by company: one row per company, role, level and location with the span of the matching entries' figures, their dates and sources. For example \`?role=machine-learning-engineer&level=senior&company=google,meta,openai,amazon\`. ${FIGURES_NOTE}`,
  request: { query: summaryQuerySchema },
  responses: {
    200: { description: "One row per company, role, level and location", headers: readHeaders, content: { "application/json": { schema: salarySummaryListSchema } } },
    ...notModified,
    ...errorResponses,
  },
});

/** The filters as lists, each value checked against what we know: an unknown one is a 400 listing the known ones. */
async function parseFilters(db: Parameters<typeof salaryVocabulary>[0], query: z.infer<typeof summaryQuerySchema>): Promise<SalaryFilters> {
  const filters: SalaryFilters = {};
  let vocabulary: Awaited<ReturnType<typeof salaryVocabulary>> | undefined;
  for (const name of Object.keys(filterParams) as Array<keyof SalaryFilters>) {
    const raw = query[name];
    if (raw === undefined) continue;
    const values = [...new Set(raw.split(","))];
    vocabulary ??= await salaryVocabulary(db);
    const known = vocabulary[name];
    const unknown = values.filter((v) => !known.includes(v));
    if (unknown.length > 0) {
      throw new ApiError("unknown-value", `Unknown ${name} '${unknown.join(",")}'. Known values: ${known.join(", ")}`, {
        extra: { invalidParams: [{ name, in: "query", reason: "Unknown value" }], allowed: known },
      });
    }
    filters[name] = values;
  }
  return filters;
}

const fingerprint = (filters: SalaryFilters, limit: number) =>
  JSON.stringify(["salaries", filters.company ?? null, filters.role ?? null, filters.level ?? null, filters.companyLevel ?? null, filters.location ?? null, limit]);

export function registerSalaryRoutes(app: ReturnType<typeof createRouter>) {
  app.openapi(salarySummaryRoute, async (c) => {
    const { db } = c.get("services");
    const filters = await parseFilters(db, c.req.valid("query"));
    return cachedJson(c, { data: summarize(await findSalaries(db, filters)) });
  });

  app.openapi(listSalariesRoute, async (c) => {
    const { db, cursors, publicUrl } = c.get("services");
    const query = c.req.valid("query");
    const filters = await parseFilters(db, query);
    const print = fingerprint(filters, query.limit);
    let offset = 0;
    if (query.cursor !== undefined) {
      const payload = cursorPayload.safeParse(await cursors.verify(query.cursor));
      if (!payload.success || payload.data.f !== print) {
        throw new ApiError("invalid-cursor", "The cursor is not valid for this query: pass back page.nextCursor unchanged, with the same filters and limit.", {
          extra: { invalidParams: [{ name: "cursor", in: "query", reason: "Not a cursor issued for this query" }] },
        });
      }
      offset = payload.data.o;
    }
    const all = await findSalaries(db, filters);
    const data = all.slice(offset, offset + query.limit);
    const nextCursor = offset + query.limit < all.length ? await cursors.sign({ f: print, o: offset + query.limit }) : null;
    if (nextCursor) linkNextPage(c, publicUrl, nextCursor);
    return cachedJson(c, { data, page: { nextCursor, limit: query.limit } });
  });
}
