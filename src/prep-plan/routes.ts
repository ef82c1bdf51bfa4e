import { createRoute } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { cachedJson, type createRouter, errorResponses, notModified, readHeaders } from "../http/router.js";
import { type PrepPlan, prepPlanSchema } from "./schemas.js";

export async function findPrepPlan(db: Database): Promise<PrepPlan> {
  const [meta] = await db.all<{ value: string }>(sql`SELECT value FROM content_meta WHERE key = 'prep-plan'`);
  const { title, weeks } = meta ? (JSON.parse(meta.value) as { title: string; weeks: number }) : { title: "", weeks: 0 };
  const phases = await db.all<{ position: number; title: string; summary: string; first_week: number; last_week: number }>(
    sql`SELECT position, title, summary, first_week, last_week FROM prep_phases ORDER BY position`,
  );
  const tasks = await db.all<{ phase_position: number; title: string; category_slug: string | null; category_name: string | null }>(sql`
    SELECT t.phase_position, t.title, t.category_slug, c.name AS category_name
    FROM prep_tasks t LEFT JOIN categories c ON c.slug = t.category_slug ORDER BY t.phase_position, t.position`);
  return {
    title,
    weeks,
    phases: phases.map((p) => ({
      title: p.title,
      summary: p.summary,
      weeks: Array.from({ length: p.last_week - p.first_week + 1 }, (_, i) => p.first_week + i),
      tasks: tasks
        .filter((t) => t.phase_position === p.position)
        .map((t) => ({
          title: t.title,
          category: t.category_slug && t.category_name ? { slug: t.category_slug, name: t.category_name } : null,
        })),
    })),
  };
}

export const getPrepPlanRoute = createRoute({
  method: "get",
  path: "/v1/prep-plan",
  operationId: "getPrepPlan",
  tags: ["Prep plan"],
  summary: "The 8-week prep plan",
  description:
    "The 8-week interview preparation timeline: four two-week phases, each with its weeks and tasks; tasks link to the category that practises them.",
  responses: {
    200: { description: "The plan", headers: readHeaders, content: { "application/json": { schema: prepPlanSchema } } },
    ...notModified,
    ...errorResponses,
  },
});

export function registerPrepPlanRoutes(app: ReturnType<typeof createRouter>) {
  app.openapi(getPrepPlanRoute, async (c) => cachedJson(c, await findPrepPlan(c.get("services").db)));
}
