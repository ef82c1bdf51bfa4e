import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../app-env.js";
import { ApiError } from "../http/problem.js";
import {
  cachedJson,
  type createRouter,
  errorResponses,
  linkNextPage,
  notModified,
  pageHeaders,
  pageQueryParams,
  readHeaders,
} from "../http/router.js";
import { defaultSince, expandLocations, findSalaries, type SalaryFilters, salaryVocabulary, summarize, summaryNotes } from "./queries.js";
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
  company: listParam(
    "company",
    "Only these companies (slugs of /v1/companies); market rows, which have no company, stay",
    "google,meta,openai,anthropic,amazon",
  ),
  role: listParam(
    "role",
    "Only these role families: machine-learning-engineer, research-scientist, research-engineer, applied-scientist, data-scientist, software-engineer-ml (market rows, which are context for every role, stay)",
    "machine-learning-engineer",
  ),
  level: listParam(
    "level",
    "Only these levels of the common scale: entry, mid, senior, staff, principal (entries that name no level are left out)",
    "senior",
  ),
  companyLevel: listParam("companyLevel", "Only these company levels (each company's own ladder, e.g. L5, E5, IC4)", "L5"),
  location: listParam(
    "location",
    "Only entries covering these locations (sf-bay-area, seattle, new-york, london, dublin, …, united-states); a national US band covers every US metro, so it comes along with them",
    "sf-bay-area",
  ),
  basis: listParam("basis", "Only these kinds: posted-range, market, percentiles, range", "posted-range,market"),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date YYYY-MM-DD" })
    .optional()
    .openapi({
      param: { name: "since", in: "query" },
      description:
        "Only entries dated on or after this day. Default: 24 months before today, so stale postings are not served unless asked for. Market rows (official statistics) are always kept.",
      example: "2025-01-01",
    }),
};

const salaryQuerySchema = z
  .object({
    ...filterParams,
    ...pageQueryParams(50),
  })
  .strict();

export const summaryQuerySchema = z.object(filterParams).strict();

const cursorPayload = z.object({ f: z.string(), o: z.number().int().min(1) }).strict();

const FIGURES_NOTE =
  "Figures are copied exactly from public sources, each with its `source` and `asOf` date: employers' own posted pay ranges (`basis: posted-range`, base pay only, the posting's text in `stated` and its archived copy in `archive`), official market statistics (`basis: market`, wage percentiles in `wages`), or reported ranges and percentiles. Amounts are per year in whole units of `currency` unless a figure's `lowUnit`/`highUnit` says `hour`. No entry is an estimate, and no level is guessed.";

export const listSalariesRoute = createRoute({
  method: "get",
  path: "/v1/salaries",
  operationId: "listSalaries",
  tags: ["Salaries"],
  summary: "List salary data for ML roles",
  description: `Compensation entries by company, role family, level (where named) and location, and market rows. Filters combine with AND; each takes several comma-separated values. Ordered by company, then level (common scale; entries naming none last), role and position; cursor-paginated. ${FIGURES_NOTE}`,
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
  description: `What a role pays, company by company, beside the market: one row per company (or market statistic), role family, level (where named) and location, with the span of the matching entries' figures, a typical band midpoint, what the figures include, their dates and sources, and plain-word \`notes\`. For example \`?role=machine-learning-engineer&location=sf-bay-area\`. ${FIGURES_NOTE}`,
  request: { query: summaryQuerySchema },
  responses: {
    200: {
      description: "One row per company, role, level and location",
      headers: readHeaders,
      content: { "application/json": { schema: salarySummaryListSchema } },
    },
    ...notModified,
    ...errorResponses,
  },
});

/** The filters as lists, each value checked against what we know: an unknown one is a 400 listing the known ones. */
async function parseFilters(
  db: Parameters<typeof salaryVocabulary>[0],
  query: z.infer<typeof summaryQuerySchema>,
  now: Date,
): Promise<{ filters: SalaryFilters; requestedLocations: string[] | undefined; expanded: boolean }> {
  const filters: SalaryFilters = {};
  let vocabulary: Awaited<ReturnType<typeof salaryVocabulary>> | undefined;
  for (const name of Object.keys(filterParams).filter((n) => n !== "since") as Array<Exclude<keyof SalaryFilters, "since">>) {
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
  filters.since = query.since ?? defaultSince(now);
  const requestedLocations = filters.location;
  if (requestedLocations) filters.location = await expandLocations(db, requestedLocations);
  return { filters, requestedLocations, expanded: (filters.location?.length ?? 0) > (requestedLocations?.length ?? 0) };
}

const fingerprint = (filters: SalaryFilters, limit: number) =>
  JSON.stringify([
    "salaries",
    filters.company ?? null,
    filters.role ?? null,
    filters.level ?? null,
    filters.companyLevel ?? null,
    filters.location ?? null,
    filters.basis ?? null,
    filters.since ?? null,
    limit,
  ]);

/** What GET /v1/salaries/summary answers, for a parsed query (also the MCP salary tool). */
export async function summarizeSalaries(
  { db, now }: Pick<Services, "db" | "now">,
  query: z.infer<typeof summaryQuerySchema>,
): Promise<z.infer<typeof salarySummaryListSchema>> {
  const { filters, requestedLocations, expanded } = await parseFilters(db, query, now());
  const data = summarize(await findSalaries(db, filters), filters.location);
  return { data, notes: summaryNotes(data, filters.since as string, expanded && requestedLocations !== undefined) };
}

export function registerSalaryRoutes(app: ReturnType<typeof createRouter>) {
  app.openapi(salarySummaryRoute, async (c) => cachedJson(c, await summarizeSalaries(c.get("services"), c.req.valid("query"))));

  app.openapi(listSalariesRoute, async (c) => {
    const { db, cursors, publicUrl, now } = c.get("services");
    const query = c.req.valid("query");
    const { filters } = await parseFilters(db, query, now());
    const print = fingerprint(filters, query.limit);
    let offset = 0;
    if (query.cursor !== undefined) {
      const payload = cursorPayload.safeParse(await cursors.verify(query.cursor));
      if (!payload.success || payload.data.f !== print) {
        throw new ApiError(
          "invalid-cursor",
          "The cursor is not valid for this query: pass back page.nextCursor unchanged, with the same filters and limit.",
          {
            extra: { invalidParams: [{ name: "cursor", in: "query", reason: "Not a cursor issued for this query" }] },
          },
        );
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
