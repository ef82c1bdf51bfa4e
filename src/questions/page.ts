import { createRoute, z } from "@hono/zod-openapi";
import { explainInvalid, htmlPage, orErrorPage, questionCard, sendPage } from "../embed/card.js";
import { oembedDiscovery, themeParam } from "../embed/pages.js";
import { escapeHtml } from "../http/html.js";
import { ApiError, PROBLEM_CONTENT_TYPE, problemSchema } from "../http/problem.js";
import { routeAnswer } from "../http/route-answer.js";
import { CONTENT_CACHE_CONTROL, type createRouter, errorResponses, notModified } from "../http/router.js";
import { questionPageUrl } from "./links.js";
import { findQuestion } from "./queries.js";

// A question's page for people: where every link made for people leads (embeds, the widget,
// mails, the emailed bank). The same card as the embeds, with the answer open.

const questionPageSchema = z
  .string()
  .openapi("QuestionPage", { description: "An HTML page for people", example: '<!doctype html><html lang="en" data-theme="auto">…</html>' });
const htmlContent = { "text/html": { schema: questionPageSchema } };
const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } };

export const questionPageRoute = createRoute({
  method: "get",
  path: "/questions/{slug}",
  operationId: "getQuestionPage",
  tags: ["Pages"],
  summary: "One question as a page for people",
  description:
    "The question, its answer (formulas typeset as MathML), its highlighted code examples and related questions, as a page that reads well from a phone to a desktop. The links in our embeds, the widget and our mails lead here (unless an embedder gives its own `linkTemplate`). It carries an oEmbed discovery link; it may not be framed (frame the embed page instead).",
  request: {
    params: z.object({
      slug: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: "slug", in: "path" }, description: "Slug (or numeric id) of the question", example: "bias-variance-tradeoff" }),
    }),
    query: z.object({ theme: themeParam }).strict(),
  },
  responses: {
    200: {
      description: "The page",
      headers: {
        "Content-Security-Policy": { description: "Our own styles only, no script, no framing", schema: { type: "string" } },
        "Cache-Control": { description: "How long the page may be cached", schema: { type: "string" } },
      },
      content: htmlContent,
    },
    400: { description: "Invalid parameters, explained on a page (problem+json when asked for)", content: { ...htmlContent, ...problemContent } },
    404: { description: "No such question, on a page (problem+json when asked for)", content: { ...htmlContent, ...problemContent } },
    ...notModified,
    429: errorResponses[429],
    500: errorResponses[500],
    503: errorResponses[503],
  },
});

export function registerQuestionPage(app: ReturnType<typeof createRouter>) {
  app.openapi(
    questionPageRoute,
    async (c) =>
      routeAnswer(
        questionPageRoute,
        await orErrorPage(c, false, async () => {
          const { slug } = c.req.valid("param");
          const { theme } = c.req.valid("query");
          const { db, publicUrl } = c.get("services");
          const question = await findQuestion(db, slug);
          if (!question) throw new ApiError("not-found", `No question has the slug '${slug}'.`);
          const url = questionPageUrl(publicUrl, question.slug);
          const head = `<link rel="canonical" href="${escapeHtml(url)}">${oembedDiscovery(publicUrl, url, question.title)}`;
          // On our own origin, links between answers stay relative: /questions/{slug}.
          const body = questionCard(question, { questionHref: (s) => `/questions/${encodeURIComponent(s)}`, open: true, related: true });
          return sendPage(c, htmlPage({ title: question.title, theme, framed: false, head, body }), 200, CONTENT_CACHE_CONTROL, false);
        }),
      ),
    explainInvalid(false),
  );
}
