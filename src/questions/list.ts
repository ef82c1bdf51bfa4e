import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../http/problem.js";
import { cachedJson, type createRouter, errorResponses, linkNextPage, notModified, pageHeaders, pageQueryParams } from "../http/router.js";
import { assertKnownFilterValues, filterFingerprint, filterParams, pickFilters } from "./filters.js";
import { listQuestions, questionSorts, type SortKey } from "./queries.js";
import { questionListSchema } from "./schemas.js";

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

export function registerListQuestions(app: ReturnType<typeof createRouter>) {
  return app.openapi(listQuestionsRoute, async (c) => {
    const query = c.req.valid("query");
    const { db, cursors, publicUrl, bank } = c.get("services");
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
      if (nextCursor) linkNextPage(c, publicUrl, nextCursor);
      return cachedJson(c, { data: result.rows, page: { nextCursor, limit: query.limit }, suggestion: result.suggestion });
    }
    const ordered = sort === "relevance" ? "id" : sort; // relevance without q was refused above
    const result =
      (await bank()).page(filters, ordered, query.limit, after) ?? (await listQuestions(db, { filters, sort: ordered, limit: query.limit, after }));
    if (result.rows.length === 0) await assertKnownFilterValues(db, filters);

    const nextCursor = result.nextKey ? await cursors.sign({ f: fingerprint, k: result.nextKey }) : null;
    if (nextCursor) linkNextPage(c, publicUrl, nextCursor);
    return cachedJson(c, { data: result.rows, page: { nextCursor, limit: query.limit } });
  });
}
