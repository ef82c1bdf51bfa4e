import { OpenAPIHono } from "@hono/zod-openapi";
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

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
});

// The errors every route can really answer with, declared once (unkey's openapi_responses).
export const errorResponses = {
  400: problem("The request did not validate: the offending parameters are listed in `invalidParams`."),
  404: problem("No such resource."),
  429: problem("Too many requests; retry after the number of seconds in `Retry-After`."),
  500: problem("An unexpected error; the `requestId` identifies it in our logs."),
  503: problem("The database is unreachable; retry after the number of seconds in `Retry-After`."),
} as const;

export const readHeaders = {
  ETag: { description: "Entity tag of the representation; send it back in If-None-Match", schema: { type: "string" as const } },
  "Cache-Control": { description: "How long the response may be cached", schema: { type: "string" as const } },
  "X-Request-Id": { description: "Identifies this request in our logs", schema: { type: "string" as const } },
};

export const notModified = { 304: { description: "Not modified: the representation matches If-None-Match" } } as const;

/** A JSON read: body, cache lifetime; the ETag and 304 come from the etag middleware. */
export function cachedJson<T>(c: Context<AppEnv>, body: T, cacheControl = "public, max-age=300, stale-while-revalidate=3600") {
  c.header("Cache-Control", cacheControl);
  return c.json(body, 200);
}
