import { escapeHtml } from "../http/html.js";

// Where people go from a question. The JSON API links with /v1/ addresses; anything made for
// people (pages, the widget, mails, the emailed bank) links to the question's page instead, or to
// the embedder's own page when it gives a link template.

/** The question's page for people, under publicUrl. */
export const questionPageUrl = (publicUrl: string, slug: string) => `${publicUrl}/questions/${encodeURIComponent(slug)}`;

/**
 * answer.html links other questions as `href="/questions/{slug}"` (src/content/render.ts), relative
 * to our origin: a page served elsewhere (a mail, a frame, a template) points them at `hrefFor(slug)`.
 */
export function pointAnswerLinks(html: string, hrefFor: (slug: string) => string): string {
  return html.replace(/<a href="\/questions\/([a-z0-9-]+)"/g, (_, slug: string) => `<a href="${escapeHtml(hrefFor(slug))}"`);
}

/** The Markdown links them as `(/v1/questions/{slug})`: the same, for text made for people. */
export function pointMarkdownLinks(markdown: string, hrefFor: (slug: string) => string): string {
  return markdown.replace(/\]\(\/v1\/questions\/([a-z0-9-]+)\)/g, (_, slug: string) => `](${hrefFor(slug)})`);
}

const SLUG = "{slug}";
// What stands for {slug} while the URL parser normalizes a template: letters survive every part of a URL unchanged.
const MARKER = "mlqslugmarker";

/**
 * A link template (`https://prep.example.com/q/{slug}`) normalized, or null when it is not an
 * absolute http or https URL containing {slug}.
 */
export function parseLinkTemplate(template: string): string | null {
  if (!template.includes(SLUG) || template.includes(MARKER)) return null;
  const filled = template.replaceAll(SLUG, MARKER);
  if (!URL.canParse(filled)) return null;
  const url = new URL(filled);
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  return url.href.replaceAll(MARKER, SLUG);
}

export const LINK_TEMPLATE_RULE = "an absolute http or https URL containing {slug}, such as https://prep.example.com/q/{slug}";

/** The template with the question's slug in it. The slug is URL-safe (lowercase words and dashes), and encoded all the same. */
export const fillLinkTemplate = (template: string, slug: string) => template.replaceAll(SLUG, encodeURIComponent(slug));
