import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { escapeHtml } from "../http/html.js";
import { ApiError, PROBLEM_CONTENT_TYPE, problemSchema } from "../http/problem.js";
import { routeAnswer } from "../http/route-answer.js";
import { type createRouter, errorResponses, notModified } from "../http/router.js";
import { dailyCacheControl, findDailyQuestion, isoDate } from "../questions/daily.js";
import { filterParams, pickFilters } from "../questions/filters.js";
import { fillLinkTemplate, LINK_TEMPLATE_RULE, parseLinkTemplate, questionPageUrl } from "../questions/links.js";
import { findQuestion } from "../questions/queries.js";
import type { Question } from "../questions/schemas.js";
import { explainInvalid, htmlPage, orErrorPage, questionCard, sendPage } from "./card.js";
import { EMBED_PAGE_CSS, type Theme, themes } from "./styles.js";

// Tells the parent page how tall the content is, so the iframe can fit it without scrolling.
export const EMBED_SCRIPT = `(() => {
  "use strict";
  if (window.parent === window) return;
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) window.parent.postMessage({ type: "ml-question:resize", height: (last = height) }, "*");
  };
  new ResizeObserver(post).observe(document.documentElement);
  addEventListener("load", post);
})();
`;

export const themeParam = z
  .enum(themes)
  .default("auto")
  .openapi({
    param: { name: "theme", in: "query" },
    description: "`light`, `dark`, or `auto` (follows the visitor's `prefers-color-scheme`)",
    example: "dark",
  });

const linkTemplateParam = z
  .string()
  .max(1000)
  .refine((value) => parseLinkTemplate(value) !== null, { message: `must be ${LINK_TEMPLATE_RULE}` })
  .optional()
  .openapi({
    param: { name: "linkTemplate", in: "query" },
    description:
      "Where links to a question go (the card's own link and links between answers), with `{slug}` standing for the question's slug: your own page for the question. Without it they go to our page for people, `/questions/{slug}`.",
    example: "https://prep.example.com/q/{slug}",
  });

export const embedQuestionQuerySchema = z.object({ theme: themeParam, linkTemplate: linkTemplateParam }).strict();

export const embedDailyQuerySchema = z
  .object({
    ...filterParams,
    date: isoDate
      .optional()
      .openapi({ param: { name: "date", in: "query" }, description: "UTC date, YYYY-MM-DD; default today", example: "2026-11-25" }),
    theme: themeParam,
    linkTemplate: linkTemplateParam,
  })
  .strict();
export type EmbedDailyQuery = z.infer<typeof embedDailyQuerySchema>;

/** An absolute URL under publicUrl with the given query parameters (empty ones and the default theme left out). */
export function urlWith(publicUrl: string, path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value && !(name === "theme" && value === "auto")) search.set(name, value);
  }
  const query = search.toString();
  return `${publicUrl}${path}${query ? `?${query}` : ""}`;
}

type EmbedOptions = { theme?: Theme; linkTemplate?: string | undefined };

export const questionEmbedUrl = (publicUrl: string, slug: string, { theme, linkTemplate }: EmbedOptions = {}) =>
  urlWith(publicUrl, `/embed/questions/${encodeURIComponent(slug)}`, {
    theme,
    linkTemplate: (linkTemplate && parseLinkTemplate(linkTemplate)) || undefined,
  });

export const dailyEmbedUrl = (publicUrl: string, query: EmbedDailyQuery) =>
  urlWith(publicUrl, "/embed/daily", {
    ...pickFilters(query),
    date: query.date,
    theme: query.theme,
    linkTemplate: (query.linkTemplate && parseLinkTemplate(query.linkTemplate)) || undefined,
  });

const embedPageSchema = z
  .string()
  .openapi("EmbedPage", { description: "A small HTML page made to be framed", example: '<!doctype html><html lang="en" data-theme="auto">…</html>' });
const htmlContent = { "text/html": { schema: embedPageSchema } };
const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } };
const pageResponses = {
  200: {
    description: "The page",
    headers: {
      "Content-Security-Policy": { description: "Allows any site to frame the page (`frame-ancestors *`)", schema: { type: "string" as const } },
      "Cache-Control": { description: "How long the page may be cached", schema: { type: "string" as const } },
    },
    content: htmlContent,
  },
  400: {
    description:
      "Invalid parameters (an unknown theme or filter, a `linkTemplate` that is not an absolute http(s) URL with `{slug}`), explained on a page that can be framed; problem+json to a client that asks for JSON and not HTML",
    content: { ...htmlContent, ...problemContent },
  },
  404: {
    description: "No such question, on a page that can be framed (problem+json when asked for)",
    content: { ...htmlContent, ...problemContent },
  },
  ...notModified,
  429: errorResponses[429],
  500: errorResponses[500],
  503: errorResponses[503],
};
const pageDescription =
  'Frame it with `<iframe>`: it answers `Content-Security-Policy: frame-ancestors *` and no `X-Frame-Options`. It shows the question, a button that reveals the answer (formulas typeset as MathML) and highlighted code, and a link to the question\'s page for people (`/questions/{slug}`, or your page with `linkTemplate`); it posts `{ type: "ml-question:resize", height }` to the parent window on load and whenever its height changes, and carries an oEmbed discovery link.';

const slugParam = z
  .string()
  .min(1)
  .max(200)
  .openapi({ param: { name: "slug", in: "path" }, description: "Slug (or numeric id) of the question", example: "bias-variance-tradeoff" });

export const embedQuestionRoute = createRoute({
  method: "get",
  path: "/embed/questions/{slug}",
  operationId: "getQuestionEmbed",
  tags: ["Embeds"],
  summary: "One question as an embeddable page",
  description: `One question for an iframe. ${pageDescription}`,
  request: { params: z.object({ slug: slugParam }), query: embedQuestionQuerySchema },
  responses: pageResponses,
});

export const embedDailyRoute = createRoute({
  method: "get",
  path: "/embed/daily",
  operationId: "getDailyQuestionEmbed",
  tags: ["Embeds"],
  summary: "The question of the day as an embeddable page",
  description: `The question of the day (the same as \`GET /v1/questions/daily\` with the same filters) for an iframe. ${pageDescription}`,
  request: { query: embedDailyQuerySchema },
  responses: pageResponses,
});

export function oembedDiscovery(publicUrl: string, pageUrl: string, title: string): string {
  const href = urlWith(publicUrl, "/oembed", { url: pageUrl, format: "json" });
  return `<link rel="alternate" type="application/json+oembed" href="${escapeHtml(href)}" title="${escapeHtml(title)}">`;
}

/** An embedded card: its links go to the embedder's template, or to our pages for people. */
function embedCard(publicUrl: string, question: Question, linkTemplate: string | undefined, meta: string[] = []): string {
  const template = linkTemplate && parseLinkTemplate(linkTemplate);
  const questionHref = (slug: string) => (template ? fillLinkTemplate(template, slug) : questionPageUrl(publicUrl, slug));
  const label = template ? "Open this question" : "Open on ML Interview Questions";
  return questionCard(question, { meta, questionHref, source: { href: questionHref(question.slug), label } });
}

export function registerEmbedPages(app: ReturnType<typeof createRouter>) {
  app.openapi(
    embedQuestionRoute,
    async (c) =>
      routeAnswer(
        embedQuestionRoute,
        await orErrorPage(c, true, async () => {
          const { slug } = c.req.valid("param");
          const query = c.req.valid("query");
          const { db, publicUrl } = c.get("services");
          const question = await findQuestion(db, slug);
          if (!question) throw new ApiError("not-found", `No question has the slug '${slug}'.`);
          const html = htmlPage({
            title: question.title,
            theme: query.theme,
            framed: true,
            head: oembedDiscovery(publicUrl, questionEmbedUrl(publicUrl, question.slug, query), question.title),
            body: embedCard(publicUrl, question, query.linkTemplate),
          });
          return sendPage(c, html, 200, "public, max-age=300, stale-while-revalidate=3600", true);
        }),
      ),
    explainInvalid(true),
  );

  app.openapi(
    embedDailyRoute,
    async (c) =>
      routeAnswer(
        embedDailyRoute,
        await orErrorPage(c, true, async () => {
          const query = c.req.valid("query");
          const { db, publicUrl, now } = c.get("services");
          const date = query.date ?? now().toISOString().slice(0, 10);
          const question = await findDailyQuestion(db, pickFilters(query), date, await c.get("services").bank());
          const title = "Question of the day";
          const head = oembedDiscovery(publicUrl, dailyEmbedUrl(publicUrl, query), title);
          const body = embedCard(publicUrl, question, query.linkTemplate, [`${title}, ${date}`]);
          return sendPage(c, htmlPage({ title, theme: query.theme, framed: true, head, body }), 200, dailyCacheControl(date, now()), true);
        }),
      ),
    explainInvalid(true),
  );

  app.get("/embed/embed.css", (c) => asset(c, "text/css; charset=utf-8", EMBED_PAGE_CSS));
  app.get("/embed/embed.js", (c) => asset(c, "text/javascript; charset=utf-8", EMBED_SCRIPT));
}

function asset(c: Context<AppEnv>, contentType: string, body: string) {
  c.header("Content-Type", contentType);
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(body);
}
