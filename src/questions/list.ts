import { createRoute, z } from "@hono/zod-openapi";
import type { FastAnswer, FastRequest, Services } from "../app-env.js";
import { ApiError } from "../http/problem.js";
import {
  cachedJson,
  type createRouter,
  errorResponses,
  linkNextPage,
  nextPageLink,
  notModified,
  pageHeaders,
  pageQueryParams,
} from "../http/router.js";
import { assertKnownFilterValues, filterFingerprint, filterParams, pickFilters } from "./filters.js";
import type { BankModel } from "./model.js";
import { listQuestions, questionSorts, type SortKey } from "./queries.js";
import { type QuestionList, questionListSchema } from "./schemas.js";

export const listQuestionsQuerySchema = z
  .object({
    ...filterParams,
    q: z
      .string()
      .max(200)
      .optional()
      .openapi({
        param: { name: "q", in: "query" },
        description:
          "Search over titles, tags and answers, ranked by relevance: questions whose title says it first, then those that mention it. Word stems match (regularize finds regularization); hyphenated and slash terms match as one word and as parts (k-means, A/B); acronyms, other names and British spellings match through the synonym table (RLHF, nucleus sampling = top-p, regularisation); misspelt words match the nearest words of the index (1 typo from 5 letters, 2 from 9); the last word also matches as a prefix unless the query ends with a space (search as you type). Each result then carries a `highlight`. Any text is accepted and treated as words.",
        example: "k-means",
      }),
    sort: z
      .enum(questionSorts)
      .optional()
      .openapi({
        param: { name: "sort", in: "query" },
        description:
          "Order of results: `relevance` (the default with `q`, only with `q`), `id` (the default without `q`), `newest`, `title`, `difficulty` (easy first).",
        example: "newest",
      }),
    ...pageQueryParams(20),
  })
  .strict();

const cursorPayload = z
  .object({
    f: z.string(),
    k: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .max(2),
  })
  .strict();

export const listQuestionsRoute = createRoute({
  method: "get",
  path: "/v1/questions",
  operationId: "listQuestions",
  tags: ["Questions"],
  summary: "List and search questions",
  description:
    'Question summaries (no answers), filtered by category, company, difficulty and tag (combined with AND), optionally searched with `q`. Cursor-paginated: follow `page.nextCursor` or the `Link: rel="next"` header until it is null; every matching question is visited exactly once.',
  request: { query: listQuestionsQuerySchema },
  responses: {
    200: {
      description: "A page of question summaries",
      headers: pageHeaders,
      content: { "application/json": { schema: questionListSchema } },
    },
    ...notModified,
    ...errorResponses,
  },
});

/** A page of the list: what GET /v1/questions answers, for a parsed query (also the MCP search tool). */
export async function listQuestionsPage(
  { db, cursors, bank }: Pick<Services, "db" | "cursors" | "bank">,
  query: z.infer<typeof listQuestionsQuerySchema>,
): Promise<QuestionList> {
  if (query.sort === "relevance" && query.q === undefined) {
    throw new ApiError("validation-failed", "sort=relevance needs a search query q", {
      extra: { invalidParams: [{ name: "sort", in: "query", reason: "relevance is only available together with q" }] },
    });
  }
  const sort = query.sort ?? (query.q !== undefined ? "relevance" : "id");
  const filters = pickFilters(query);
  const fingerprint = filterFingerprint(filters, [query.q ?? null, sort]);

  let after: SortKey | null = null;
  if (query.cursor !== undefined) {
    const payload = cursorPayload.safeParse(await cursors.verify(query.cursor));
    if (!payload.success || payload.data.f !== fingerprint) {
      throw new ApiError(
        "invalid-cursor",
        "The cursor is not valid for this query: pass back page.nextCursor unchanged, with the same filters, q and sort.",
        {
          extra: { invalidParams: [{ name: "cursor", in: "query", reason: "Not a cursor issued for this query" }] },
        },
      );
    }
    after = payload.data.k;
  }

  // Without q the page comes from the in-memory model (a cursor it does not know, issued before a
  // reload, goes to SQL, which answers the same); with q, from the model's search index.
  if (query.q !== undefined) {
    const result = await (await bank()).search(db, { q: query.q, filters, sort, limit: query.limit, after });
    if (result.rows.length === 0) await assertKnownFilterValues(db, filters);
    const nextCursor = result.nextKey ? await cursors.sign({ f: fingerprint, k: result.nextKey }) : null;
    return { data: result.rows, page: { nextCursor, limit: query.limit }, suggestion: result.suggestion };
  }
  const ordered = sort === "relevance" ? "id" : sort; // relevance without q was refused above
  const result =
    (await bank()).page(filters, ordered, query.limit, after) ?? (await listQuestions(db, { filters, sort: ordered, limit: query.limit, after }));
  if (result.rows.length === 0) await assertKnownFilterValues(db, filters);
  const nextCursor = result.nextKey ? await cursors.sign({ f: fingerprint, k: result.nextKey }) : null;
  return { data: result.rows, page: { nextCursor, limit: query.limit } };
}

export function registerListQuestions(app: ReturnType<typeof createRouter>) {
  return app.openapi(listQuestionsRoute, async (c) => {
    const services = c.get("services");
    const body = await listQuestionsPage(services, c.req.valid("query"));
    if (body.page.nextCursor) linkNextPage(c, services.publicUrl, body.page.nextCursor);
    return cachedJson(c, body);
  });
}

/** A query string as one value per name; null when a name repeats (the app says which). */
export function queryObject(search: string): Record<string, string> | null {
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    if (name in query) return null;
    query[name] = value;
  }
  return query;
}

/**
 * The same page for a runtime's fast path (FastRead), from the model without an await: null for
 * anything else (a search before the index is built, an error to explain, an empty page that may be an unknown filter value,
 * a cursor from another content version), which the handler above answers.
 */
export function listFromQuery(
  { cursors, publicUrl }: Pick<Services, "cursors" | "publicUrl">,
  model: BankModel,
  request: FastRequest,
): FastAnswer | null {
  if (!cursors.verifyNow || !cursors.signNow) return null;
  const raw = queryObject(request.search);
  const parsed = raw && listQuestionsQuerySchema.safeParse(raw);
  if (!parsed?.success) return null;
  const query = parsed.data;
  const sort = query.sort ?? (query.q !== undefined ? "relevance" : "id");
  if (sort === "relevance" && query.q === undefined) return null;
  const filters = pickFilters(query);
  const fingerprint = filterFingerprint(filters, [query.q ?? null, sort]);
  let after: SortKey | null = null;
  if (query.cursor !== undefined) {
    const payload = cursorPayload.safeParse(cursors.verifyNow(query.cursor));
    if (!payload.success || payload.data.f !== fingerprint) return null;
    after = payload.data.k;
  }
  const link = (nextCursor: string) => nextPageLink(publicUrl, request.path, new URLSearchParams(request.search), nextCursor);
  if (query.q !== undefined) {
    const found = model.searchNow({ q: query.q, filters, sort, limit: query.limit, after });
    if (!found || found.rows.length === 0) return null;
    const nextCursor = found.nextKey ? cursors.signNow({ f: fingerprint, k: found.nextKey }) : null;
    const body = JSON.stringify({ data: found.rows, page: { nextCursor, limit: query.limit }, suggestion: found.suggestion });
    return nextCursor ? { body, link: link(nextCursor) } : { body };
  }
  if (sort === "relevance") return null;
  const result = model.page(filters, sort, query.limit, after);
  if (!result || result.rows.length === 0) return null;
  const nextCursor = result.nextKey ? cursors.signNow({ f: fingerprint, k: result.nextKey }) : null;
  // Exactly what JSON.stringify({ data, page: { nextCursor, limit } }) writes, from the kept summaries.
  const data = result.rows.map((row) => model.summaryJson(row.id) ?? JSON.stringify(row)).join(",");
  const body = `{"data":[${data}],"page":{"nextCursor":${nextCursor === null ? "null" : JSON.stringify(nextCursor)},"limit":${query.limit}}}`;
  return nextCursor ? { body, link: link(nextCursor) } : { body };
}
