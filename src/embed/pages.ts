import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import type { AppEnv } from "../app-env.js";
import { escapeHtml } from "../http/html.js";
import { ApiError, problemCodes } from "../http/problem.js";
import { routeAnswer } from "../http/route-answer.js";
import { type createRouter, errorResponses, notModified, validationError } from "../http/router.js";
import { dailyCacheControl, findDailyQuestion, isoDate } from "../questions/daily.js";
import { filterParams, pickFilters } from "../questions/filters.js";
import { findQuestion } from "../questions/queries.js";
import type { Question } from "../questions/schemas.js";
import { EMBED_PAGE_CSS, type Theme, themes } from "./styles.js";

// Pages any site may put in an iframe. Their CSP allows every ancestor but only our own styles
// and script; the app leaves X-Frame-Options off under /embed/ (see secureHeadersExceptEmbeds).
export const EMBED_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *";

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

const themeParam = z
  .enum(themes)
  .default("auto")
  .openapi({
    param: { name: "theme", in: "query" },
    description: "`light`, `dark`, or `auto` (follows the visitor's `prefers-color-scheme`)",
    example: "dark",
  });

export const embedQuestionQuerySchema = z.object({ theme: themeParam }).strict();

export const embedDailyQuerySchema = z
  .object({
    ...filterParams,
    date: isoDate
      .optional()
      .openapi({ param: { name: "date", in: "query" }, description: "UTC date, YYYY-MM-DD; default today", example: "2026-11-25" }),
    theme: themeParam,
  })
  .strict();
export type EmbedDailyQuery = z.infer<typeof embedDailyQuerySchema>;

/** An absolute URL under publicUrl with the given query parameters (empty ones and the default theme left out). */
function urlWith(publicUrl: string, path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value && !(name === "theme" && value === "auto")) search.set(name, value);
  }
  const query = search.toString();
  return `${publicUrl}${path}${query ? `?${query}` : ""}`;
}

export const questionEmbedUrl = (publicUrl: string, slug: string, theme: Theme = "auto") =>
  urlWith(publicUrl, `/embed/questions/${encodeURIComponent(slug)}`, { theme });

export const dailyEmbedUrl = (publicUrl: string, query: EmbedDailyQuery) =>
  urlWith(publicUrl, "/embed/daily", { ...pickFilters(query), date: query.date, theme: query.theme });

const embedPageSchema = z
  .string()
  .openapi("EmbedPage", { description: "A small HTML page made to be framed", example: '<!doctype html><html lang="en" data-theme="auto">…</html>' });
const htmlContent = { "text/html": { schema: embedPageSchema } };
const pageResponses = {
  200: {
    description: "The page",
    headers: {
      "Content-Security-Policy": { description: "Allows any site to frame the page (`frame-ancestors *`)", schema: { type: "string" as const } },
      "Cache-Control": { description: "How long the page may be cached", schema: { type: "string" as const } },
    },
    content: htmlContent,
  },
  400: { description: "Invalid parameters, explained on a page that can be framed", content: htmlContent },
  404: { description: "No such question, on a page that can be framed", content: htmlContent },
  ...notModified,
  429: errorResponses[429],
  500: errorResponses[500],
  503: errorResponses[503],
};
const pageDescription =
  'Frame it with `<iframe>`: it answers `Content-Security-Policy: frame-ancestors *` and no `X-Frame-Options`. It shows the question, a button that reveals the answer and code, and a link back; it posts `{ type: "ml-question:resize", height }` to the parent window on load and whenever its height changes, and carries an oEmbed discovery link.';

export const embedQuestionRoute = createRoute({
  method: "get",
  path: "/embed/questions/{slug}",
  operationId: "getQuestionEmbed",
  tags: ["Embeds"],
  summary: "One question as an embeddable page",
  description: `One question for an iframe. ${pageDescription}`,
  request: {
    params: z.object({
      slug: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: "slug", in: "path" }, description: "Slug (or numeric id) of the question", example: "bias-variance-tradeoff" }),
    }),
    query: embedQuestionQuerySchema,
  },
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

function oembedDiscovery(publicUrl: string, pageUrl: string, title: string): string {
  const href = urlWith(publicUrl, "/oembed", { url: pageUrl, format: "json" });
  return `<link rel="alternate" type="application/json+oembed" href="${escapeHtml(href)}" title="${escapeHtml(title)}">`;
}

function page(options: { title: string; theme: Theme; head?: string; body: string }): string {
  return `<!doctype html>
<html lang="en" data-theme="${options.theme}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · ML Interview Questions</title>
<base target="_blank"><link rel="stylesheet" href="/embed/embed.css">${options.head ?? ""}
<script src="/embed/embed.js" defer></script></head>
<body>${options.body}</body></html>`;
}

const codeFigure = (example: Question["codeExamples"][number]) =>
  `<figure><figcaption>${escapeHtml(`${example.caption} (${example.language})`)}</figcaption><pre><code class="language-${escapeHtml(example.language)}">${escapeHtml(example.code)}</code></pre></figure>`;

function questionCard(question: Question, meta: string[], permalink: string): string {
  // The answer HTML was sanitized when the content was loaded; everything else is escaped here.
  return `<main class="card">
<p class="meta">${escapeHtml([...meta, question.category.name, question.difficulty].join(" · "))}</p>
<h1 class="title">${escapeHtml(question.title)}</h1>
<details><summary class="reveal"><span class="when-closed">Show answer</span><span class="when-open">Hide answer</span></summary>
<div class="answer">${question.answer.html}
${question.codeExamples.map(codeFigure).join("\n")}</div></details>
<p class="source"><a href="${escapeHtml(permalink)}" rel="noopener">Open on ML Interview Questions</a></p>
</main>`;
}

function sendPage(c: Context<AppEnv>, html: string, status: ContentfulStatusCode, cacheControl: string) {
  c.header("Content-Security-Policy", EMBED_CSP);
  c.header("Cache-Control", cacheControl);
  return c.html(html, status);
}

/** A 4xx as a page in the requested theme, so a wrong embed explains itself inside the frame. */
function errorPage(c: Context<AppEnv>, error: ApiError) {
  const theme = themes.find((t) => t === c.req.query("theme")) ?? "auto";
  const title = error.status === 404 ? "Question not found" : problemCodes[error.code].title;
  const body = `<main class="card" role="alert"><p class="meta">ML Interview Questions</p><h1 class="title">${escapeHtml(title)}</h1><p class="error">${escapeHtml(error.message)}</p></main>`;
  return sendPage(c, page({ title, theme, body }), error.status, "no-store");
}

async function orErrorPage(c: Context<AppEnv>, render: () => Promise<Response>): Promise<Response> {
  try {
    return await render();
  } catch (err) {
    if (err instanceof ApiError && err.status < 500) return errorPage(c, err);
    throw err;
  }
}

const explainInvalid = (result: { success: boolean; error?: unknown; target: string }, c: Context<AppEnv>) => {
  if (!result.success) return errorPage(c, validationError(result.error as ZodError, result.target));
};

export function registerEmbedPages(app: ReturnType<typeof createRouter>) {
  app.openapi(
    embedQuestionRoute,
    async (c) =>
      routeAnswer(
        embedQuestionRoute,
        await orErrorPage(c, async () => {
          const { slug } = c.req.valid("param");
          const { theme } = c.req.valid("query");
          const { db, publicUrl } = c.get("services");
          const question = await findQuestion(db, slug);
          if (!question) throw new ApiError("not-found", `No question has the slug '${slug}'.`);
          const url = questionEmbedUrl(publicUrl, question.slug, theme);
          const html = page({
            title: question.title,
            theme,
            head: oembedDiscovery(publicUrl, url, question.title),
            body: questionCard(question, [], url),
          });
          return sendPage(c, html, 200, "public, max-age=300, stale-while-revalidate=3600");
        }),
      ),
    explainInvalid,
  );

  app.openapi(
    embedDailyRoute,
    async (c) =>
      routeAnswer(
        embedDailyRoute,
        await orErrorPage(c, async () => {
          const query = c.req.valid("query");
          const { db, publicUrl, now } = c.get("services");
          const date = query.date ?? now().toISOString().slice(0, 10);
          const question = await findDailyQuestion(db, pickFilters(query), date, await c.get("services").bank());
          const title = "Question of the day";
          const head = oembedDiscovery(publicUrl, dailyEmbedUrl(publicUrl, query), title);
          const body = questionCard(question, [`${title}, ${date}`], questionEmbedUrl(publicUrl, question.slug, query.theme));
          return sendPage(c, page({ title, theme: query.theme, head, body }), 200, dailyCacheControl(date, now()));
        }),
      ),
    explainInvalid,
  );

  app.get("/embed/embed.css", (c) => asset(c, "text/css; charset=utf-8", EMBED_PAGE_CSS));
  app.get("/embed/embed.js", (c) => asset(c, "text/javascript; charset=utf-8", EMBED_SCRIPT));
}

function asset(c: Context<AppEnv>, contentType: string, body: string) {
  c.header("Content-Type", contentType);
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(body);
}
