import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../http/problem.js";
import { cachedJson, type createRouter, errorResponses, notModified, readHeaders } from "../http/router.js";
import { findCategory, listCategories } from "./queries.js";
import { categoryListSchema, categorySchema } from "./schemas.js";

export const listCategoriesRoute = createRoute({
  method: "get",
  path: "/v1/categories",
  operationId: "listCategories",
  tags: ["Categories"],
  summary: "List categories",
  description: "The categories of the question bank (six: five technical and behavioral), in display order, with their question counts.",
  responses: {
    200: { description: "All categories", headers: readHeaders, content: { "application/json": { schema: categoryListSchema } } },
    ...notModified,
    ...errorResponses,
  },
});

export const getCategoryRoute = createRoute({
  method: "get",
  path: "/v1/categories/{slug}",
  operationId: "getCategory",
  tags: ["Categories"],
  summary: "Get one category",
  description: "One category with its question count; list its questions with `GET /v1/questions?category={slug}`.",
  request: {
    params: z.object({
      slug: z
        .string()
        .min(1)
        .max(120)
        .openapi({ param: { name: "slug", in: "path" }, example: "deep-learning" }),
    }),
  },
  responses: {
    200: { description: "The category", headers: readHeaders, content: { "application/json": { schema: categorySchema } } },
    ...notModified,
    ...errorResponses,
  },
});

export function registerCategoryRoutes(app: ReturnType<typeof createRouter>) {
  app.openapi(listCategoriesRoute, async (c) => cachedJson(c, { data: await listCategories(c.get("services").db) }));
  app.openapi(getCategoryRoute, async (c) => {
    const { slug } = c.req.valid("param");
    const category = await findCategory(c.get("services").db, slug);
    if (!category) throw new ApiError("not-found", `No category has the slug '${slug}'.`);
    return cachedJson(c, category);
  });
}
