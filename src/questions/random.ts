import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../http/problem.js";
import { errorResponses, type createRouter } from "../http/router.js";
import { assertKnownFilterValues, filterFingerprint, filterParams, pickFilters } from "./filters.js";
import { findSummaries, listMatchingIds } from "./queries.js";
import { randomQuestionsSchema } from "./schemas.js";
import { randomSeed, seededShuffle } from "./shuffle.js";

export const randomQuestionsQuerySchema = z
  .object({
    ...filterParams,
    count: z.coerce
      .number()
      .int()
      .min(1)
      .max(20)
      .default(1)
      .openapi({ param: { name: "count", in: "query" }, description: "How many distinct questions, 1 to 20", example: 3 }),
    exclude: z
      .string()
      .max(4000)
      .regex(/^\d{1,9}(,\d{1,9})*$/, { message: "must be question ids separated by commas, e.g. 1001,2003" })
      .optional()
      .openapi({ param: { name: "exclude", in: "query" }, description: "Ids not to return (already seen), comma-separated", example: "1001,2003" }),
    deck: z
      .string()
      .max(2048)
      .optional()
      .openapi({
        param: { name: "deck", in: "query" },
        description: "The `deck` of a previous answer: deals the next questions of the same shuffled order, so nothing repeats until the matching questions run out.",
      }),
  })
  .strict();

const deckPayload = z.object({ f: z.string(), s: z.number().int().min(0), o: z.number().int().min(0) }).strict();

export const randomQuestionsRoute = createRoute({
  method: "get",
  path: "/v1/questions/random",
  operationId: "getRandomQuestions",
  tags: ["Questions"],
  summary: "Deal random questions without repeats",
  description:
    "Up to `count` distinct random questions matching the filters. Every answer carries a signed, stateless `deck`: pass it back as `?deck=` (with the same filters) to get the next questions of the same shuffled order, so a long session never repeats a question until all matching ones have been dealt; then `deck` is null.",
  request: { query: randomQuestionsQuerySchema },
  responses: {
    200: { description: "Random question summaries and the deck to continue with", content: { "application/json": { schema: randomQuestionsSchema } } },
    ...errorResponses,
  },
});

export function registerRandomQuestions(app: ReturnType<typeof createRouter>) {
  return app.openapi(randomQuestionsRoute, async (c) => {
    const query = c.req.valid("query");
    const { db, decks, contentMemo } = c.get("services");
    const filters = pickFilters(query);
    const fingerprint = filterFingerprint(filters);

    let seed: number;
    let offset = 0;
    if (query.deck !== undefined) {
      const payload = deckPayload.safeParse(await decks.verify(query.deck));
      if (!payload.success || payload.data.f !== fingerprint) {
        throw new ApiError("invalid-deck", "The deck is not valid for these filters: pass back `deck` unchanged, with the same filters.", {
          extra: { invalidParams: [{ name: "deck", in: "query", reason: "Not a deck issued for these filters" }] },
        });
      }
      ({ s: seed, o: offset } = payload.data);
    } else {
      seed = randomSeed();
    }

    const ids = await contentMemo(`matching-ids:${fingerprint}`, () => listMatchingIds(db, filters));
    if (ids.length === 0) await assertKnownFilterValues(db, filters);
    const excluded = new Set((query.exclude ?? "").split(",").filter(Boolean).map(Number));
    const order = seededShuffle(ids, seed);
    const dealt: number[] = [];
    while (offset < order.length && dealt.length < query.count) {
      const id = order[offset++] as number;
      if (!excluded.has(id)) dealt.push(id);
    }
    const remaining = order.slice(offset).some((id) => !excluded.has(id));
    const deck = remaining ? await decks.sign({ f: fingerprint, s: seed, o: offset }) : null;
    c.header("Cache-Control", "no-store");
    const summaries = await contentMemo("summaries-by-id", async () => {
      const all = await findSummaries(db, await listMatchingIds(db, {}));
      return new Map(all.map((summary) => [summary.id, summary]));
    });
    return c.json({ data: dealt.map((id) => summaries.get(id)).filter((s) => s !== undefined), deck }, 200);
  });
}
