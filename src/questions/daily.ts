import { createRoute, z } from "@hono/zod-openapi";
import type { Database } from "../db/client.js";
import { ApiError } from "../http/problem.js";
import { cachedJson, type createRouter, errorResponses, notModified, readHeaders } from "../http/router.js";
import { assertKnownFilterValues, filterFingerprint, filterParams, pickFilters } from "./filters.js";
import type { BankModel } from "./model.js";
import type { QuestionFilters } from "./queries.js";
import { dailyQuestionSchema, type Question } from "./schemas.js";
import { hash32, seededShuffle } from "./shuffle.js";

const DAY_MS = 86_400_000;

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date YYYY-MM-DD" })
  .refine(
    (v) => {
      const t = Date.parse(`${v}T00:00:00Z`);
      return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v && v >= "2000-01-01";
    },
    { message: "must be a real calendar date from 2000-01-01 on" },
  );

export const dailyQuestionRoute = createRoute({
  method: "get",
  path: "/v1/questions/daily",
  operationId: "getDailyQuestion",
  tags: ["Questions"],
  summary: "Question of the day",
  description:
    "The full question of the day for a UTC date: the same for everyone on that date and filter set, a different one the next day. Cacheable until the next UTC midnight. Made for widgets.",
  request: {
    query: z
      .object({
        ...filterParams,
        date: isoDate
          .optional()
          .openapi({ param: { name: "date", in: "query" }, description: "UTC date, YYYY-MM-DD; default today", example: "2026-11-25" }),
      })
      .strict(),
  },
  responses: {
    200: { description: "The date and its question", headers: readHeaders, content: { "application/json": { schema: dailyQuestionSchema } } },
    ...notModified,
    ...errorResponses,
  },
});

export function registerDailyQuestion(app: ReturnType<typeof createRouter>) {
  return app.openapi(dailyQuestionRoute, async (c) => {
    const query = c.req.valid("query");
    const { db, now, bank } = c.get("services");
    const today = now().toISOString().slice(0, 10);
    const date = query.date ?? today;
    const question = await findDailyQuestion(db, pickFilters(query), date, await bank());
    return cachedJson(c, { date, question }, dailyCacheControl(date, now()));
  });
}

/** The question of `date` (YYYY-MM-DD) for a filter set; 404 when none matches, 400 for an unknown slug. */
export async function findDailyQuestion(db: Database, filters: QuestionFilters, date: string, model: BankModel): Promise<Question> {
  const ids = model.matching(filters);
  if (ids.length === 0) {
    await assertKnownFilterValues(db, filters);
    throw new ApiError("not-found", "No question matches these filters.");
  }
  // A fixed shuffle per filter set, walked one step per day: consecutive days never repeat
  // while more than one question matches.
  const order = seededShuffle(ids, hash32(filterFingerprint(filters)));
  const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
  const question = await model.question(db, String(order[day % order.length]));
  if (!question) throw new ApiError("not-found", "No question matches these filters.");
  return question;
}

/** Today's question may be cached until the next UTC midnight, another date's for an hour. */
export function dailyCacheControl(date: string, now: Date): string {
  const secondsToMidnight = Math.max(1, Math.floor((DAY_MS - (now.getTime() % DAY_MS)) / 1000));
  return `public, max-age=${date === now.toISOString().slice(0, 10) ? secondsToMidnight : 3600}`;
}
