import { createRoute, type z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { cachedJson, type createRouter, errorResponses, notModified, readHeaders } from "../http/router.js";
import { type moneyRangeSchema, type Resource, resourceListSchema } from "./schemas.js";

export async function listResources(db: Database): Promise<z.infer<typeof resourceListSchema>> {
  const rows = await db.all<{
    slug: string;
    name: string;
    kind: Resource["kind"];
    description: string;
    url: string;
    price_min: number;
    price_max: number;
    currency: string;
    period: Resource["price"]["period"];
  }>(sql`SELECT slug, name, kind, description, url, price_min, price_max, currency, period FROM resources ORDER BY position`);
  const [meta] = await db.all<{ value: string }>(sql`SELECT value FROM content_meta WHERE key = 'total-investment'`);
  return {
    data: rows.map((r) => ({
      slug: r.slug,
      name: r.name,
      kind: r.kind,
      description: r.description,
      url: r.url,
      price: { min: r.price_min, max: r.price_max, currency: r.currency, period: r.period },
    })),
    totalInvestment: meta ? (JSON.parse(meta.value) as z.infer<typeof moneyRangeSchema>) : { min: 0, max: 0, currency: "USD" },
  };
}

export const listResourcesRoute = createRoute({
  method: "get",
  path: "/v1/resources",
  operationId: "listResources",
  tags: ["Resources"],
  summary: "Recommended resources",
  description:
    "Books, courses, subscriptions and services for interview prep, each with its price (a range, a currency and a billing period), and the estimated total investment.",
  responses: {
    200: { description: "Resources and the total", headers: readHeaders, content: { "application/json": { schema: resourceListSchema } } },
    ...notModified,
    ...errorResponses,
  },
});

export function registerResourceRoutes(app: ReturnType<typeof createRouter>) {
  app.openapi(listResourcesRoute, async (c) => cachedJson(c, await listResources(c.get("services").db)));
}
