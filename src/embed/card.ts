import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import type { AppEnv } from "../app-env.js";
import { escapeHtml } from "../http/html.js";
import { ApiError, problemCodes } from "../http/problem.js";
import { validationError } from "../http/router.js";
import { pointAnswerLinks } from "../questions/links.js";
import type { Question } from "../questions/schemas.js";
import { type Theme, themes } from "./styles.js";

// The question card the embed pages and the question's page for people share, and their HTML shell.

/** A whole page: `framed` pages open links in a new tab and tell their parent frame their height. */
export function htmlPage(options: { title: string; theme: Theme; framed: boolean; head?: string; body: string }): string {
  const framed = options.framed ? '<base target="_blank">' : "";
  const script = options.framed ? '\n<script src="/embed/embed.js" defer></script>' : "";
  return `<!doctype html>
<html lang="en" data-theme="${options.theme}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · ML Interview Questions</title>
${framed}<link rel="stylesheet" href="/embed/embed.css">${options.head ?? ""}${script}</head>
<body${options.framed ? "" : ' class="page"'}>${options.body}</body></html>`;
}

const codeFigure = (example: Question["codeExamples"][number]) =>
  `<figure><figcaption>${escapeHtml(`${example.caption} (${example.language})`)}</figcaption><pre><code class="language-${escapeHtml(example.language)}">${example.html}</code></pre></figure>`;

export interface CardOptions {
  /** Shown before the category and difficulty ("Question of the day, 2026-11-25"). */
  meta?: string[];
  /** Where a link to another question (in the answer, or the card's own link) goes. */
  questionHref: (slug: string) => string;
  /** The card's link to this question's page; none on that page itself. */
  source?: { href: string; label: string };
  /** The answer shown at once (the question's page) instead of behind a button (embeds). */
  open?: boolean;
  /** Related questions listed under the answer. */
  related?: boolean;
}

export function questionCard(question: Question, options: CardOptions): string {
  // The answer and code HTML were sanitized when the content was loaded; everything else is escaped here.
  const answer = `${pointAnswerLinks(question.answer.html, options.questionHref)}
${question.codeExamples.map(codeFigure).join("\n")}`;
  const related =
    options.related && question.related.length > 0
      ? `<h2 class="related-title">Related questions</h2><ul class="related">${question.related
          .map((r) => `<li><a href="${escapeHtml(options.questionHref(r.slug))}">${escapeHtml(r.title)}</a></li>`)
          .join("")}</ul>`
      : "";
  const source = options.source
    ? `<p class="source"><a href="${escapeHtml(options.source.href)}" rel="noopener">${escapeHtml(options.source.label)}</a></p>`
    : "";
  return `<main class="card">
<p class="meta">${escapeHtml([...(options.meta ?? []), question.category.name, question.difficulty].join(" · "))}</p>
<h1 class="title">${escapeHtml(question.title)}</h1>
${
  options.open
    ? `<div class="answer">${answer}</div>`
    : `<details><summary class="reveal"><span class="when-closed">Show answer</span><span class="when-open">Hide answer</span></summary>
<div class="answer">${answer}</div></details>`
}${related}
${source}
</main>`;
}

// Pages any site may put in an iframe: every ancestor, but only our own styles and script. The app
// leaves X-Frame-Options off under /embed/ (see secureHeadersExceptEmbeds).
export const EMBED_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *";
// The question's page for people: our styles, no script, not framed (X-Frame-Options: DENY too).
export const PAGE_CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function sendPage(c: Context<AppEnv>, html: string, status: ContentfulStatusCode, cacheControl: string, framed: boolean) {
  c.header("Content-Security-Policy", framed ? EMBED_CSP : PAGE_CSP);
  c.header("Cache-Control", cacheControl);
  return c.html(html, status);
}

/** A client that asks for JSON and not for HTML (a program checking a URL) gets problem+json. */
const wantsProblem = (c: Context<AppEnv>) => {
  const accept = c.req.header("Accept") ?? "";
  return accept.includes("json") && !accept.includes("text/html");
};

/** A 4xx as a page in the requested theme, so a wrong embed explains itself inside the frame. */
function errorPage(c: Context<AppEnv>, error: ApiError, framed: boolean) {
  if (wantsProblem(c)) throw error;
  const theme = themes.find((t) => t === c.req.query("theme")) ?? "auto";
  const title = error.status === 404 ? "Question not found" : problemCodes[error.code].title;
  const body = `<main class="card" role="alert"><p class="meta">ML Interview Questions</p><h1 class="title">${escapeHtml(title)}</h1><p class="error">${escapeHtml(error.message)}</p></main>`;
  return sendPage(c, htmlPage({ title, theme, framed, body }), error.status, "no-store", framed);
}

/** Renders a page, or the page of the 4xx it failed with. */
export async function orErrorPage(c: Context<AppEnv>, framed: boolean, render: () => Promise<Response>): Promise<Response> {
  try {
    return await render();
  } catch (err) {
    if (err instanceof ApiError && err.status < 500) return errorPage(c, err, framed);
    throw err;
  }
}

/** The validation hook of a page's route: invalid parameters are a 400 page. */
export const explainInvalid = (framed: boolean) => (result: { success: boolean; error?: unknown; target: string }, c: Context<AppEnv>) => {
  if (!result.success) return errorPage(c, validationError(result.error as ZodError, result.target), framed);
};
