import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../http/problem.js";
import { cachedJson, type createRouter, errorResponses, notModified, readHeaders } from "../http/router.js";
import { findCompanyWithQuestions, listCompanies } from "./queries.js";
import { companyDetailSchema, companyListSchema } from "./schemas.js";

export const listCompaniesRoute = createRoute({
  method: "get",
  path: "/v1/companies",
  operationId: "listCompanies",
  tags: ["Companies"],
  summary: "List companies",
  description: "Companies with what their ML interviews focus on, how they interview, and how many of our questions they are known to ask.",
  responses: {
    200: { description: "All companies", headers: readHeaders, content: { "application/json": { schema: companyListSchema } } },
    ...notModified,
    ...errorResponses,
  },
});

export const getCompanyRoute = createRoute({
  method: "get",
  path: "/v1/companies/{slug}",
  operationId: "getCompany",
  tags: ["Companies"],
  summary: "Get one company with its questions",
  description: "A company's focus areas and interview process, with summaries of the questions it is known to ask.",
  request: {
    params: z.object({
      slug: z
        .string()
        .min(1)
        .max(120)
        .openapi({ param: { name: "slug", in: "path" }, example: "google" }),
    }),
  },
  responses: {
    200: { description: "The company", headers: readHeaders, content: { "application/json": { schema: companyDetailSchema } } },
    ...notModified,
    ...errorResponses,
  },
});

export function registerCompanyRoutes(app: ReturnType<typeof createRouter>) {
  app.openapi(listCompaniesRoute, async (c) => cachedJson(c, { data: await listCompanies(c.get("services").db, c.get("services").publicUrl) }));
  app.openapi(getCompanyRoute, async (c) => {
    const { slug } = c.req.valid("param");
    const company = await findCompanyWithQuestions(c.get("services").db, slug, c.get("services").publicUrl);
    if (!company) throw new ApiError("not-found", `No company has the slug '${slug}'.`);
    return cachedJson(c, company);
  });
}
