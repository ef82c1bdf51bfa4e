import { z } from "@hono/zod-openapi";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Services } from "../app-env.js";
import { listCategories } from "../categories/queries.js";
import { categorySchema } from "../categories/schemas.js";
import { findCompanyWithQuestions, listCompanies } from "../companies/queries.js";
import { interviewProcessSchema } from "../companies/schemas.js";
import { ApiError, describeErrorForLog, toApiError } from "../http/problem.js";
import { findPrepPlan } from "../prep-plan/routes.js";
import { prepPlanSchema } from "../prep-plan/schemas.js";
import { findDailyQuestion, isoDate } from "../questions/daily.js";
import { listQuestionsPage } from "../questions/list.js";
import { dealQuestions } from "../questions/random.js";
import { difficultySchema } from "../questions/schemas.js";
import { listResources } from "../resources/routes.js";
import { resourceKinds, resourceSchema } from "../resources/schemas.js";
import { summarizeSalaries, summaryQuerySchema } from "../salaries/routes.js";
import { salarySummaryListSchema } from "../salaries/schemas.js";
import { includeSchema, questionBrief, questionBriefSchema, questionDetail, questionDetailSchema } from "./shapes.js";

// The MCP tools: each a thin layer over the function its REST endpoint uses, with a description
// written for a model, a zod input schema, and structured output. A refused input (an unknown
// category, a stale deck) is a tool result with isError and the same sentence REST would send.

const slug = (what: string) => z.string().min(1).max(120).describe(what);
const questionFilters = {
  category: slug("Only this category (slug, see list_categories), e.g. deep-learning").optional(),
  company: slug("Only questions this company is known to ask (slug, see list_companies), e.g. google").optional(),
  difficulty: difficultySchema.optional().describe("Only this difficulty"),
  tag: slug("Only questions with this tag, e.g. transformers").optional(),
};

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

export interface ToolContext {
  services: Services;
  requestId: string;
}

/** The handler's value as structured content and as JSON text; a refusal as a readable tool error. */
async function answer<T extends Record<string, unknown>>(context: ToolContext, work: () => Promise<T>): Promise<CallToolResult> {
  try {
    const value = await work();
    return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
  } catch (err) {
    const apiError = toApiError(err);
    if (apiError.status >= 500) {
      context.services.logger.error("mcp tool failed", { requestId: context.requestId, ...describeErrorForLog(err) });
    }
    const detail = apiError.status >= 500 ? `${apiError.message} (request id ${context.requestId})` : apiError.message;
    return { content: [{ type: "text", text: detail }], isError: true };
  }
}

export function registerTools(server: McpServer, context: ToolContext) {
  const { services } = context;
  const { db, publicUrl } = services;

  server.registerTool(
    "search_questions",
    {
      title: "Search interview questions",
      description:
        "Search the bank of machine-learning interview questions (each with a tested, detailed answer). Full-text search with `q` (ranked; word stems match), filtered by category, company, difficulty and tag (combined with AND). Returns short summaries without answers; call get_question for one question's answer. Follow `nextCursor` for more.",
      inputSchema: {
        q: z.string().max(200).optional().describe("Words to search for, e.g. 'regularization' or 'attention heads'"),
        ...questionFilters,
        limit: z.number().int().min(1).max(50).default(10).describe("How many results, 1 to 50"),
        cursor: z.string().max(2048).optional().describe("nextCursor of a previous call with the same q and filters"),
      },
      outputSchema: { questions: z.array(questionBriefSchema), nextCursor: z.string().nullable() },
      annotations: readOnly,
    },
    (input) =>
      answer(context, async () => {
        const page = await listQuestionsPage(services, { ...input, sort: undefined });
        return { questions: page.data.map(questionBrief), nextCursor: page.page.nextCursor };
      }),
  );

  server.registerTool(
    "get_question",
    {
      title: "Get one question",
      description:
        "One interview question by slug or numeric id. By default with its short answer and the follow-up questions an interviewer asks; include=full adds the whole answer and the code examples, include=summary leaves the answer out (to ask the question first).",
      inputSchema: { idOrSlug: z.string().min(1).max(200).describe("Slug (e.g. bias-variance-tradeoff) or numeric id"), include: includeSchema },
      outputSchema: questionDetailSchema.shape,
      annotations: readOnly,
    },
    ({ idOrSlug, include }) =>
      answer(context, async () => {
        const question = await (await services.bank()).question(db, idOrSlug);
        if (!question) throw new ApiError("not-found", `No question has the id or slug '${idOrSlug}'. Use search_questions to find one.`);
        return questionDetail(question, include, publicUrl);
      }),
  );

  server.registerTool(
    "random_question",
    {
      title: "Deal random questions",
      description:
        "Random questions matching the filters, without repeats across calls: pass back the `deck` you got (with the same filters) to deal the next ones of the same shuffled order. Summaries only: call get_question for the answer. Made for quizzing and mock interviews.",
      inputSchema: {
        ...questionFilters,
        count: z.number().int().min(1).max(5).default(1).describe("How many questions, 1 to 5"),
        deck: z.string().max(2048).optional().describe("The deck of the previous call; null there means the matching questions ran out"),
      },
      outputSchema: { questions: z.array(questionBriefSchema), deck: z.string().nullable() },
      annotations: { readOnlyHint: true, openWorldHint: false, idempotentHint: false },
    },
    (input) =>
      answer(context, async () => {
        const dealt = await dealQuestions(services, { ...input, exclude: undefined });
        return { questions: dealt.data.map(questionBrief), deck: dealt.deck };
      }),
  );

  server.registerTool(
    "question_of_the_day",
    {
      title: "Question of the day",
      description: "The question of the day for a UTC date (today by default): the same for everyone on that date and filter set.",
      inputSchema: { ...questionFilters, date: isoDate.optional().describe("YYYY-MM-DD; default today (UTC)"), include: includeSchema },
      outputSchema: { date: z.string(), question: questionDetailSchema },
      annotations: readOnly,
    },
    ({ date, include, ...filters }) =>
      answer(context, async () => {
        const day = date ?? services.now().toISOString().slice(0, 10);
        const question = await findDailyQuestion(db, filters, day, await services.bank());
        return { date: day, question: questionDetail(question, include, publicUrl) };
      }),
  );

  server.registerTool(
    "list_categories",
    {
      title: "List categories",
      description: "The categories of the question bank with their slugs (for the category filter) and question counts.",
      outputSchema: { categories: z.array(categorySchema) },
      annotations: readOnly,
    },
    () => answer(context, async () => ({ categories: await listCategories(db) })),
  );

  server.registerTool(
    "list_companies",
    {
      title: "List companies",
      description:
        "The companies we track with their slugs (for the company filter), what their ML interviews focus on and how many of our questions they are known to ask. company_interview tells how one of them interviews.",
      outputSchema: {
        companies: z.array(
          z.object({ slug: z.string(), name: z.string(), summary: z.string(), focusAreas: z.array(z.string()), questionCount: z.number().int() }),
        ),
      },
      annotations: readOnly,
    },
    () =>
      answer(context, async () => ({
        companies: (await listCompanies(db, publicUrl)).map(({ slug, name, summary, focusAreas, questionCount }) => ({
          slug,
          name,
          summary,
          focusAreas,
          questionCount,
        })),
      })),
  );

  server.registerTool(
    "company_interview",
    {
      title: "How a company interviews",
      description:
        "How one company runs its ML interviews: the process, its rounds and what each tests, tips, focus areas, and up to 10 of the questions it is known to ask (search_questions with company= lists them all).",
      inputSchema: { company: slug("Company slug, e.g. google (see list_companies)") },
      outputSchema: {
        slug: z.string(),
        name: z.string(),
        summary: z.string(),
        focusAreas: z.array(z.string()),
        interview: interviewProcessSchema.nullable().describe("null while we have no reliable account"),
        questionCount: z.number().int(),
        questions: z.array(questionBriefSchema),
      },
      annotations: readOnly,
    },
    ({ company }) =>
      answer(context, async () => {
        const found = await findCompanyWithQuestions(db, company, publicUrl);
        if (!found) {
          const known = (await listCompanies(db, publicUrl)).map((c) => c.slug);
          throw new ApiError("not-found", `No company has the slug '${company}'. Known companies: ${known.join(", ")}`);
        }
        const { slug: companySlug, name, summary, focusAreas, interview, questionCount, questions } = found;
        return { slug: companySlug, name, summary, focusAreas, interview, questionCount, questions: questions.slice(0, 10).map(questionBrief) };
      }),
  );

  server.registerTool(
    "prep_plan",
    {
      title: "8-week prep plan",
      description: "The 8-week interview preparation plan: phases, their weeks and tasks, each task linked to the category that practises it.",
      outputSchema: prepPlanSchema.shape,
      annotations: readOnly,
    },
    () => answer(context, () => findPrepPlan(db)),
  );

  server.registerTool(
    "resources",
    {
      title: "Recommended resources",
      description: "Books, courses, subscriptions and services for interview prep, with prices, and the estimated total investment.",
      inputSchema: { kind: z.enum(resourceKinds).optional().describe("Only this kind") },
      outputSchema: { resources: z.array(resourceSchema), totalInvestment: z.object({ min: z.number(), max: z.number(), currency: z.string() }) },
      annotations: readOnly,
    },
    ({ kind }) =>
      answer(context, async () => {
        const { data, totalInvestment } = await listResources(db);
        return { resources: kind ? data.filter((r) => r.kind === kind) : data, totalInvestment };
      }),
  );

  const salaryFilters = summaryQuerySchema.shape;
  server.registerTool(
    "salary_summary",
    {
      title: "What ML roles pay",
      description:
        "Pay for ML roles company by company beside official market statistics, from public sources only (employers' posted ranges, official wage percentiles), each row with its dates and sources and plain-word notes. Narrow it down: e.g. role=machine-learning-engineer and location=sf-bay-area. Every filter takes several comma-separated values.",
      inputSchema: {
        company: salaryFilters.company.describe("Company slugs, e.g. google,meta"),
        role: salaryFilters.role.describe(
          "Role families: machine-learning-engineer, research-scientist, research-engineer, applied-scientist, data-scientist, software-engineer-ml",
        ),
        level: salaryFilters.level.describe("Levels: entry, mid, senior, staff, principal"),
        location: salaryFilters.location.describe("Locations, e.g. sf-bay-area, seattle, new-york, london, united-states"),
        since: salaryFilters.since.describe("Only entries dated on or after this day (YYYY-MM-DD); default 24 months ago"),
      },
      outputSchema: salarySummaryListSchema.shape,
      annotations: readOnly,
    },
    (input) => answer(context, () => summarizeSalaries(services, input)),
  );
}
