import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ZodError } from "zod";
import type { AppEnv } from "../app-env.js";
import { ApiError, type InvalidParam, PROBLEM_CONTENT_TYPE, problemSchema } from "./problem.js";

const targets: Record<string, InvalidParam["in"]> = {
  query: "query",
  param: "path",
  json: "body",
  form: "body",
  header: "header",
  cookie: "header",
};

export function validationError(error: ZodError, target: string): ApiError {
  const where = targets[target] ?? "query";
  const invalidParams: InvalidParam[] = error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return { name: issue.keys.join(", "), in: where, reason: `Unknown ${where === "body" ? "field" : "parameter"}` };
    }
    return { name: issue.path.length ? issue.path.join(".") : "(root)", in: where, reason: issue.message };
  });
  const detail = invalidParams.map((p) => `${p.name}: ${p.reason}`).join("; ");
  return new ApiError("validation-failed", detail, { extra: { invalidParams } });
}

/** An OpenAPIHono whose validation failures become the same problem+json as every other error. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error as ZodError, result.target);
    },
  });
}

const stringHeader = (description: string) => ({ description, schema: { type: "string" as const } });
const integerHeader = (description: string) => ({ description, schema: { type: "integer" as const } });

/** On every response: the caller's rate limit (IETF draft-ietf-httpapi-ratelimit-headers). */
export const rateLimitHeaders = {
  "RateLimit-Policy": stringHeader("The limit that applies to you: `300;w=60` is 300 requests per 60-second window"),
  "RateLimit-Limit": integerHeader("Requests allowed in the current window"),
  "RateLimit-Remaining": integerHeader("Requests left in the current window"),
  "RateLimit-Reset": integerHeader("Seconds until the window resets"),
};

const problem = (description: string, headers: Record<string, { description: string; schema: { type: "string" | "integer" } }> = {}) => ({
  description,
  headers: { ...rateLimitHeaders, ...headers },
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
});

const retryAfter = { "Retry-After": integerHeader("Seconds to wait before retrying") };

/** What any route may answer because of who is calling: a refused key, or too many requests. */
export const accessResponses = {
  401: problem("The Authorization header holds no valid API key: malformed, unknown or revoked.", {
    "WWW-Authenticate": stringHeader("The Bearer challenge"),
  }),
  403: problem(
    "The API key may not be used here: a publishable key from an origin it was not issued for, a secret key from a browser, or a key without admin access.",
  ),
  429: problem("Too many requests: retry after the number of seconds in `Retry-After`.", retryAfter),
} as const;

// The errors every route can really answer with, declared once (unkey's openapi_responses).
export const errorResponses = {
  400: problem("The request did not validate: the offending parameters are listed in `invalidParams`."),
  404: problem("No such resource."),
  ...accessResponses,
  500: problem("An unexpected error; the `requestId` identifies it in our logs."),
  503: problem("The database is unreachable; retry after the number of seconds in `Retry-After`.", retryAfter),
} as const;

/** What a request with a body (anything but GET and HEAD) may also answer: the body limit of every route. */
export const bodyLimitResponses = {
  413: problem("The request body is larger than 16 KB."),
} as const;

/** What every route answers to a URL (path and query) over the limit of MAX_URL_BYTES. */
export const urlLimitResponses = {
  414: problem("The URL (path and query) is longer than 8 KB."),
} as const;

/** What an operation whose body the router validates answers to a body of another media type. */
export const mediaTypeResponses = {
  415: problem("The body is not of a media type the operation accepts (see its request body)."),
} as const;

export const readHeaders = {
  ETag: stringHeader("Entity tag of the representation; send it back in If-None-Match"),
  "Cache-Control": stringHeader(
    "How long the response may be cached: `public, max-age=300, stale-while-revalidate=3600` for content, until the next UTC midnight for the daily question",
  ),
  "X-Request-Id": stringHeader("Identifies this request in our logs"),
  ...rateLimitHeaders,
};

/** What a page of a cursor-paginated list sends: readHeaders and the next page's Link. */
export const pageHeaders = {
  ...readHeaders,
  Link: { description: 'The next page, as `<url>; rel="next"`', schema: { type: "string" as const } },
};

/** The query parameters of a cursor-paginated list: `limit` (1 to 100) and the opaque `cursor`. */
export function pageQueryParams(defaultLimit: number) {
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(defaultLimit)
      .openapi({ param: { name: "limit", in: "query" }, description: "Page size, 1 to 100", example: defaultLimit }),
    cursor: z
      .string()
      .max(2048)
      .optional()
      .openapi({
        param: { name: "cursor", in: "query" },
        description: "Opaque cursor from `page.nextCursor` (or the `Link` header) of the previous page",
      }),
  };
}

export const notModified = { 304: { description: "Not modified: the representation matches If-None-Match" } } as const;

/**
 * Sets `Link: <…>; rel="next"` for a cursor-paginated list: this request's URL on PUBLIC_URL,
 * every parameter kept but `cursor`, which becomes the next page's.
 */
export function linkNextPage(c: Context<AppEnv>, publicUrl: string, nextCursor: string) {
  const here = new URL(c.req.url);
  c.header("Link", nextPageLink(publicUrl, here.pathname, here.searchParams, nextCursor));
}

/** The `Link` header of a list's next page: this request's parameters with the next cursor. */
export function nextPageLink(publicUrl: string, pathname: string, params: URLSearchParams, nextCursor: string): string {
  const link = new URL(`${publicUrl}${pathname}`);
  params.forEach((value, key) => {
    if (key !== "cursor") link.searchParams.append(key, value);
  });
  link.searchParams.set("cursor", nextCursor);
  return `<${link.toString()}>; rel="next"`;
}

/** A JSON read: body, cache lifetime; the ETag and 304 come from the etag middleware. */
export const CONTENT_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";

export function cachedJson<T>(c: Context<AppEnv>, body: T, cacheControl = CONTENT_CACHE_CONTROL) {
  c.header("Cache-Control", cacheControl);
  return c.json(body, 200);
}
