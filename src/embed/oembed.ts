import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../app-env.js";
import { escapeHtml } from "../http/html.js";
import { ApiError, PROBLEM_CONTENT_TYPE, problemSchema } from "../http/problem.js";
import { cachedJson, type createRouter, errorResponses, notModified, readHeaders } from "../http/router.js";
import { pickFilters } from "../questions/filters.js";
import { findQuestion, listMatchingIds } from "../questions/queries.js";
import { dailyEmbedUrl, embedDailyQuerySchema, embedQuestionQuerySchema, questionEmbedUrl } from "./pages.js";

// oEmbed 1.0 (https://oembed.com): consumers turn a link to one of our embed pages into an iframe.

export const PROVIDER_NAME = "ML Interview Questions";
const DEFAULT_WIDTH = 600;
const DEFAULT_HEIGHT = 420;
const CACHE_AGE_SECONDS = 3600;

const dimension = (name: string, description: string, example: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .openapi({ param: { name, in: "query" }, description, example });

// Not strict like the API's other queries: oEmbed consumers add parameters of their own.
export const oembedQuerySchema = z.object({
  url: z
    .string()
    .min(1)
    .max(2048)
    .openapi({
      param: { name: "url", in: "query" },
      description:
        "One of our embed pages (`/embed/questions/{slug}`, `/embed/daily?…`), a question's page (`/questions/{slug}`) or its API URL (`/v1/questions/{idOrSlug}`)",
      example: "http://localhost:8787/embed/questions/bias-variance-tradeoff",
    }),
  format: z
    .enum(["json", "xml"])
    .default("json")
    .openapi({ param: { name: "format", in: "query" }, description: "`json`; `xml` answers 501", example: "json" }),
  maxwidth: dimension("maxwidth", "The largest width the consumer can show, in pixels", 480),
  maxheight: dimension("maxheight", "The largest height the consumer can show, in pixels", 360),
});

export const oembedSchema = z
  .object({
    version: z.literal("1.0"),
    type: z.literal("rich"),
    title: z.string().openapi({ example: "What is the bias-variance trade-off?" }),
    provider_name: z.string().openapi({ example: PROVIDER_NAME }),
    provider_url: z.string().openapi({ example: "http://localhost:8787" }),
    html: z.string().openapi({
      description: 'An iframe of the embed page; the page posts `{ type: "ml-question:resize", height }` to its parent',
      example:
        '<iframe src="http://localhost:8787/embed/questions/bias-variance-tradeoff" width="600" height="420" title="What is the bias-variance trade-off?" loading="lazy" style="border:0;max-width:100%"></iframe>',
    }),
    width: z.number().int().openapi({ example: 600, description: "Width of `html` in pixels, at most `maxwidth`" }),
    height: z.number().int().openapi({ example: 420, description: "Height of `html` in pixels, at most `maxheight`" }),
    cache_age: z.number().int().openapi({ example: CACHE_AGE_SECONDS, description: "Seconds the consumer may cache this answer" }),
  })
  .openapi("OEmbed", { description: "An oEmbed 1.0 `rich` response; its field names are the spec's, in snake_case" });

export const oembedRoute = createRoute({
  method: "get",
  path: "/oembed",
  operationId: "getOembed",
  tags: ["Embeds"],
  summary: "oEmbed for our embed pages",
  description:
    'Turns the URL of an embed page (or of a question) into an oEmbed 1.0 `rich` response whose `html` is an iframe, sized to `maxwidth` and `maxheight`. Embed pages link here with `<link rel="alternate" type="application/json+oembed">`. A URL that is not ours, or names no question, is a 404; `format=xml` is a 501.',
  request: { query: oembedQuerySchema },
  responses: {
    200: { description: "The oEmbed response", headers: readHeaders, content: { "application/json": { schema: oembedSchema } } },
    ...notModified,
    ...errorResponses,
    501: { description: "Only `format=json` is implemented", content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } },
  },
});

/** The path of `raw` below publicUrl, or null when it is not one of our URLs. */
function ourPath(publicUrl: string, raw: string): URL | null {
  if (!URL.canParse(raw)) return null;
  const url = new URL(raw);
  const base = new URL(publicUrl);
  const prefix = base.pathname.replace(/\/$/, "");
  if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/`)) return null;
  url.pathname = url.pathname.slice(prefix.length).replace(/(.)\/$/, "$1");
  return url;
}

const QUESTION_PATH = /^\/(?:embed\/|v1\/)?questions\/([A-Za-z0-9_-]{1,200})$/;
const DAILY_PATH = /^\/(?:embed\/daily|v1\/questions\/daily)$/;

/** The embed page a URL stands for, with its title; 404 when there is none. */
async function resolveEmbed({ db, publicUrl }: Services, raw: string): Promise<{ src: string; title: string }> {
  const notEmbeddable = (why: string) =>
    new ApiError(
      "not-found",
      `${why} oEmbed answers for ${publicUrl}/embed/questions/{slug}, ${publicUrl}/embed/daily, ${publicUrl}/questions/{slug} and ${publicUrl}/v1/questions/{idOrSlug}.`,
    );
  const url = ourPath(publicUrl, raw);
  if (!url) throw notEmbeddable("This URL is not one of ours.");
  const params = Object.fromEntries(url.searchParams);

  if (DAILY_PATH.test(url.pathname)) {
    const query = embedDailyQuerySchema.safeParse(url.pathname.startsWith("/v1/") ? { ...params, theme: undefined } : params);
    if (!query.success) throw notEmbeddable("This daily URL has invalid parameters.");
    if ((await listMatchingIds(db, pickFilters(query.data))).length === 0) throw notEmbeddable("No question matches the filters of this URL.");
    return { src: dailyEmbedUrl(publicUrl, query.data), title: "ML interview question of the day" };
  }

  const slug = QUESTION_PATH.exec(url.pathname)?.[1];
  if (!slug) throw notEmbeddable("This URL is not an embed page.");
  // The API's URL and the question's page have no embed parameters of their own.
  const query = embedQuestionQuerySchema.safeParse(url.pathname.startsWith("/embed/") ? params : {});
  if (!query.success) throw notEmbeddable("This embed URL has invalid parameters.");
  const question = await findQuestion(db, slug);
  if (!question) throw notEmbeddable(`No question has the id or slug '${slug}'.`);
  return { src: questionEmbedUrl(publicUrl, question.slug, query.data), title: question.title };
}

export function registerOembedRoute(app: ReturnType<typeof createRouter>) {
  app.openapi(oembedRoute, async (c) => {
    const query = c.req.valid("query");
    if (query.format === "xml") throw new ApiError("not-implemented", "Only format=json is implemented.");
    const services = c.get("services");
    const { src, title } = await resolveEmbed(services, query.url);
    const width = Math.min(DEFAULT_WIDTH, query.maxwidth ?? DEFAULT_WIDTH);
    const height = Math.min(DEFAULT_HEIGHT, query.maxheight ?? DEFAULT_HEIGHT);
    const html = `<iframe src="${escapeHtml(src)}" width="${width}" height="${height}" title="${escapeHtml(title)}" loading="lazy" style="border:0;max-width:100%"></iframe>`;
    c.header("Access-Control-Allow-Origin", "*");
    return cachedJson(
      c,
      {
        version: "1.0" as const,
        type: "rich" as const,
        title,
        provider_name: PROVIDER_NAME,
        provider_url: services.publicUrl,
        html,
        width,
        height,
        cache_age: CACHE_AGE_SECONDS,
      },
      `public, max-age=${CACHE_AGE_SECONDS}`,
    );
  });
}
