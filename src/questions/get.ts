import { createRoute, z } from "@hono/zod-openapi";
import type { FastAnswer, FastRequest } from "../app-env.js";
import { MARKDOWN_CONTENT_TYPE, prefersMarkdown } from "../http/negotiate.js";
import { ApiError } from "../http/problem.js";
import { routeAnswer } from "../http/route-answer.js";
import { CONTENT_CACHE_CONTROL, type createRouter, errorResponses, notModified, readHeaders } from "../http/router.js";
import { questionMarkdown } from "./markdown.js";
import type { BankModel } from "./model.js";
import { questionSchema } from "./schemas.js";

export const getQuestionRoute = createRoute({
  method: "get",
  path: "/v1/questions/{idOrSlug}",
  operationId: "getQuestion",
  tags: ["Questions"],
  summary: "Get one question with its answer",
  description:
    "The whole question: the answer as Markdown and as sanitized HTML, code examples, companies, tags, and up to five related questions. Address it by numeric id or by slug. With `Accept: text/markdown` the same question comes as one Markdown document (title, metadata, answer, code blocks, evidence, related questions), for agents and LLM tools; answers carry `Vary: Accept`.",
  request: {
    params: z.object({
      idOrSlug: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: "idOrSlug", in: "path" }, description: "Numeric id or slug", example: "bias-variance-tradeoff" }),
    }),
  },
  responses: {
    200: {
      description: "The question",
      headers: { ...readHeaders, Vary: { description: "`Accept`: JSON or Markdown", schema: { type: "string" } } },
      content: {
        "application/json": { schema: questionSchema },
        "text/markdown": {
          schema: z.string().openapi("QuestionMarkdown", {
            description: "The question as one Markdown document: title, metadata, answer, code blocks, evidence, related questions",
            example: "# What is the bias-variance trade-off?\n\n- Id: 1001 …",
          }),
        },
      },
    },
    ...notModified,
    ...errorResponses,
  },
});

export function registerGetQuestion(app: ReturnType<typeof createRouter>) {
  return app.openapi(getQuestionRoute, async (c) => {
    const { idOrSlug } = c.req.valid("param");
    const { db, bank, publicUrl } = c.get("services");
    c.header("Vary", "Accept");
    if (prefersMarkdown(c.req.header("Accept"))) {
      const question = await (await bank()).question(db, idOrSlug);
      if (!question) throw new ApiError("not-found", `No question has the id or slug '${idOrSlug}'.`);
      c.header("Cache-Control", CONTENT_CACHE_CONTROL);
      c.header("Content-Type", MARKDOWN_CONTENT_TYPE);
      return routeAnswer(getQuestionRoute, c.body(questionMarkdown(question, publicUrl), 200));
    }
    // Serialized and tagged once per content version: the same bytes and ETag as cachedJson gives.
    const question = await (await bank()).questionJson(db, idOrSlug);
    if (!question) throw new ApiError("not-found", `No question has the id or slug '${idOrSlug}'.`);
    c.header("Cache-Control", CONTENT_CACHE_CONTROL);
    c.header("ETag", question.etag);
    c.header("Content-Type", "application/json");
    return routeAnswer(getQuestionRoute, c.body(question.body as Uint8Array<ArrayBuffer>, 200));
  });
}

const PATH_PREFIX = "/v1/questions/";

/**
 * The same answer for a runtime's fast path (FastRead), when the model holds the question's JSON
 * already; null otherwise (not loaded yet, not found, anything unusual), and the handler answers.
 */
export function questionFromPath(model: BankModel, request: FastRequest): FastAnswer | null {
  if (request.search !== "" || !request.path.startsWith(PATH_PREFIX)) return null;
  let idOrSlug: string;
  try {
    idOrSlug = decodeURIComponent(request.path.slice(PATH_PREFIX.length));
  } catch {
    return null;
  }
  if (idOrSlug.length === 0 || idOrSlug.length > 200 || idOrSlug.includes("/")) return null;
  const found = model.questionJsonNow(idOrSlug);
  return found ? { body: found.body, etag: found.etag } : null;
}
