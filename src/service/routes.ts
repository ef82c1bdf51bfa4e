import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { ApiError } from "../http/problem.js";
import { accessResponses, type createRouter, errorResponses } from "../http/router.js";

export const healthSchema = z
  .object({
    status: z.literal("ok"),
    database: z.literal("ok"),
    questions: z.number().int().openapi({ example: 231, description: "Questions loaded" }),
  })
  .openapi("Health");

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["Service"],
  summary: "Health check",
  description:
    "200 when the service can read and write its database; 503 problem+json with Retry-After when it cannot, with the reason in `detail` (unreachable, or on the Node server: its file deleted, replaced or read-only).",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: healthSchema } } },
    ...accessResponses,
    503: errorResponses[503],
    500: errorResponses[500],
  },
});

export function registerServiceRoutes(app: ReturnType<typeof createRouter>) {
  app.openapi(healthRoute, async (c) => {
    const services = c.get("services");
    let questions: number;
    try {
      const [row] = await services.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM questions`);
      questions = row?.n ?? 0;
    } catch (err) {
      // The cause goes to the log (as a "database failure"), not to the caller.
      throw Object.assign(new ApiError("database-unavailable", "The database cannot be reached.", { headers: { "Retry-After": "5" } }), {
        cause: err,
      });
    }
    // Readable is not enough: a deleted, replaced or read-only file loses every write.
    const problem = await services.databaseCheck({ probeWrite: true });
    if (problem) throw new ApiError("database-unavailable", problem, { headers: { "Retry-After": "60" } });
    c.header("Cache-Control", "no-store");
    return c.json({ status: "ok" as const, database: "ok" as const, questions }, 200);
  });
}
