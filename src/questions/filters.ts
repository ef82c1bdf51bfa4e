import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { ApiError } from "../http/problem.js";
import type { QuestionFilters } from "./queries.js";
import { difficultySchema } from "./schemas.js";

const slugParam = (name: string, description: string, example: string) =>
  z
    .string()
    .min(1)
    .max(120)
    .optional()
    .openapi({ param: { name, in: "query" }, description, example });

/** The filters shared by list, random and daily. */
export const filterParams = {
  category: slugParam("category", "Only questions of this category (slug)", "deep-learning"),
  company: slugParam("company", "Only questions this company is known to ask (slug)", "google"),
  difficulty: difficultySchema.optional().openapi({ param: { name: "difficulty", in: "query" }, description: "Only this difficulty" }),
  tag: slugParam("tag", "Only questions with this tag (slug from the controlled vocabulary)", "transformers"),
};

export function pickFilters(query: QuestionFilters): QuestionFilters {
  return { category: query.category, company: query.company, difficulty: query.difficulty, tag: query.tag };
}

/** A stable string naming a filter set, bound into cursors and decks so they cannot be reused elsewhere. */
export function filterFingerprint(filters: QuestionFilters, extra: Array<string | null> = []): string {
  return JSON.stringify([filters.category ?? null, filters.company ?? null, filters.difficulty ?? null, filters.tag ?? null, ...extra]);
}

const vocabularies = [
  { param: "category", table: sql`categories` },
  { param: "company", table: sql`companies` },
  { param: "tag", table: sql`tags` },
] as const;

/**
 * Throws a 400 listing the known values when a slug filter names nothing we have. Called only
 * when a query matched nothing, so the common case costs no extra round trip.
 */
export async function assertKnownFilterValues(db: Database, filters: QuestionFilters): Promise<void> {
  for (const { param, table } of vocabularies) {
    const value = filters[param];
    if (value === undefined) continue;
    const rows = await db.all<{ slug: string }>(sql`SELECT slug FROM ${table} ORDER BY slug`);
    const known = rows.map((r) => r.slug);
    if (!known.includes(value)) {
      throw new ApiError("unknown-value", `Unknown ${param} '${value}'. Known values: ${known.join(", ")}`, {
        extra: { invalidParams: [{ name: param, in: "query", reason: "Unknown value" }], allowed: known },
      });
    }
  }
}
