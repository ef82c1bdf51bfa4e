import { createRoute, z } from "@hono/zod-openapi";
import type { FastAnswer, Services } from "../app-env.js";
import { ApiError } from "../http/problem.js";
import { type createRouter, errorResponses } from "../http/router.js";
import { assertKnownFilterValues, filterFingerprint, filterParams, pickFilters } from "./filters.js";
import type { BankModel } from "./model.js";
import { type QuestionSummary, randomQuestionsSchema } from "./schemas.js";
import { createDealer, newDealerScratch, randomSeed } from "./shuffle.js";

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
        description:
          "The `deck` of a previous answer: deals the next questions of the same shuffled order, so nothing repeats until the matching questions run out.",
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
    200: {
      description: "Random question summaries and the deck to continue with",
      content: { "application/json": { schema: randomQuestionsSchema } },
    },
    ...errorResponses,
  },
});

type RandomQuery = z.infer<typeof randomQuestionsQuerySchema>;
type DealServices = Pick<Services, "db" | "decks" | "bank">;
type Dealt = { data: QuestionSummary[]; deck: string | null };

// Reused by every deal (they never overlap: deal() is synchronous), so a deal neither allocates
// nor copies an array the size of the bank.
const scratch = newDealerScratch();

/** Deals from a seeded order: pure, so the synchronous and the awaited paths share it. */
function deal(ids: number[], query: RandomQuery, seed: number, start: number) {
  const excluded = query.exclude ? new Set(query.exclude.split(",").map(Number)) : null;
  const order = createDealer(ids, seed, scratch);
  const dealt: number[] = [];
  let offset = start;
  let remaining = false;
  try {
    while (offset < order.length && dealt.length < query.count) {
      const id = order.at(offset++);
      if (!excluded?.has(id)) dealt.push(id);
    }
    for (let i = offset; i < order.length && !remaining; i++) remaining = !excluded?.has(order.at(i));
  } finally {
    order.done();
  }
  return { dealt, next: remaining ? { s: seed, o: offset } : null };
}

/** The next questions of a deck (a new one without `deck`), and the deck to continue with. */
export async function dealQuestions({ db, decks, bank }: DealServices, query: RandomQuery): Promise<Dealt> {
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

  const model = await bank();
  const ids = model.matching(filters);
  if (ids.length === 0) await assertKnownFilterValues(db, filters);
  const { dealt, next } = deal(ids, query, seed, offset);
  return {
    data: dealt.map((id) => model.summaries.get(id)).filter((s) => s !== undefined),
    deck: next ? await decks.sign({ f: fingerprint, ...next }) : null,
  };
}

/**
 * A new deck's JSON, dealt without a single await from the model in memory: the summaries' JSON is
 * kept by the model, so the answer is assembled rather than serialized (the same bytes
 * JSON.stringify would give).
 */
function dealNow({ decks }: DealServices, model: BankModel, query: RandomQuery): string | null {
  if (query.deck !== undefined || !decks.signJsonNow) return null;
  const filters = pickFilters(query);
  let fingerprint = fingerprints.get(query);
  if (fingerprint === undefined) {
    fingerprint = filterFingerprint(filters);
    fingerprints.set(query, fingerprint);
  }
  const ids = model.matching(filters);
  if (ids.length === 0) return null;
  const { dealt, next } = deal(ids, query, randomSeed(), 0);
  const parts: string[] = [];
  for (const id of dealt) {
    const json = model.summaryJson(id);
    if (json !== undefined) parts.push(json);
  }
  // The payload's JSON, as JSON.stringify({ f, s, o }) writes it; a deck is base64url and a dot,
  // so it needs no escaping in the answer.
  const deck = next ? `"${decks.signJsonNow(`{"f":${deckPrefix(fingerprint)}${next.s},"o":${next.o}}`)}"` : "null";
  return `{"data":[${parts.join(",")}],"deck":${deck}}`;
}

const deckPrefixes = new Map<string, string>();
/** `"<fingerprint as JSON>","s":` for a deck payload, kept per fingerprint. */
function deckPrefix(fingerprint: string): string {
  let prefix = deckPrefixes.get(fingerprint);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(fingerprint)},"s":`;
    if (deckPrefixes.size < 1000) deckPrefixes.set(fingerprint, prefix);
  }
  return prefix;
}

// Parsed queries are reused (parsedQueries), so their fingerprints can be too.
const fingerprints = new WeakMap<RandomQuery, string>();

/**
 * The same deal for a runtime's fast path (FastRead): the answer, or null whenever the full app
 * must answer instead (any parameter it would refuse, a bad deck, unknown filter values).
 */
export function dealFromQuery(services: DealServices, model: BankModel, search: string): FastAnswer | null | Promise<FastAnswer | null> {
  let query = parsedQueries.get(search);
  if (query === undefined) {
    query = parseRandomQuery(search);
    // Decks make most query strings unique: remember only the short, repeated ones (count, filters).
    if (!search.includes("deck=")) {
      if (parsedQueries.size >= 1000) parsedQueries.clear();
      parsedQueries.set(search, query);
    }
  }
  if (query === null) return null;
  const now = dealNow(services, model, query);
  if (now !== null) return { body: now };
  return dealQuestions(services, query).then(
    (dealt) => ({ body: JSON.stringify(dealt) }),
    () => null,
  );
}

const parsedQueries = new Map<string, RandomQuery | null>();

function parseRandomQuery(search: string): RandomQuery | null {
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    if (name in query) return null;
    query[name] = value;
  }
  const parsed = randomQuestionsQuerySchema.safeParse(query);
  return parsed.success ? parsed.data : null;
}

export function registerRandomQuestions(app: ReturnType<typeof createRouter>) {
  return app.openapi(randomQuestionsRoute, async (c) => {
    const dealt = await dealQuestions(c.get("services"), c.req.valid("query"));
    c.header("Cache-Control", "no-store");
    return c.json(dealt, 200);
  });
}
