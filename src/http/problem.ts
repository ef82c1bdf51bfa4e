import { z } from "@hono/zod-openapi";
import { LibsqlError } from "@libsql/core/api";
import { DrizzleQueryError } from "drizzle-orm/errors";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

// RFC 9457 problem details: the one error shape every route answers with.

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export const problemCodes = {
  "bad-request": { status: 400, title: "Bad request" },
  "validation-failed": { status: 400, title: "Your request parameters did not validate" },
  "invalid-cursor": { status: 400, title: "Invalid cursor" },
  "invalid-deck": { status: 400, title: "Invalid deck" },
  "unknown-value": { status: 400, title: "Unknown value" },
  "malformed-json": { status: 400, title: "Malformed JSON body" },
  forbidden: { status: 403, title: "Forbidden" },
  unauthorized: { status: 401, title: "Unauthorized" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "not-acceptable": { status: 406, title: "Not acceptable" },
  "request-timeout": { status: 408, title: "Request timeout" },
  gone: { status: 410, title: "Gone" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "uri-too-long": { status: 414, title: "URI too long" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "request-header-fields-too-large": { status: 431, title: "Request header fields too large" },
  "too-many-requests": { status: 429, title: "Too many requests" },
  "internal-error": { status: 500, title: "Internal server error" },
  "not-implemented": { status: 501, title: "Not implemented" },
  "database-unavailable": { status: 503, title: "Database unavailable" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemCode = keyof typeof problemCodes;

export const invalidParamSchema = z
  .object({
    name: z.string().openapi({ example: "limit", description: "The parameter or body field, as a dotted path" }),
    in: z.enum(["query", "path", "header", "body"]).openapi({ example: "query" }),
    reason: z.string().openapi({ example: "Too big: expected number to be <=100" }),
  })
  .openapi("InvalidParam");

export const problemSchema = z
  .object({
    type: z.string().openapi({
      example: "/problems/validation-failed",
      description: "A URI reference identifying the problem type; GET it (relative to the API's origin) for a description.",
    }),
    title: z.string().openapi({ example: "Your request parameters did not validate" }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ example: "limit: Too big: expected number to be <=100" }),
    instance: z.string().openapi({ example: "/v1/questions?limit=500" }),
    code: z.enum(Object.keys(problemCodes) as [ProblemCode, ...ProblemCode[]]).openapi({ example: "validation-failed" }),
    requestId: z.string().openapi({ example: "6f1c7d0e-8a44-4d0b-9a65-0d3a4c1c2b7e" }),
    invalidParams: z.array(invalidParamSchema).optional(),
    allowed: z
      .array(z.string())
      .optional()
      .openapi({ description: "For unknown-value: the values that are accepted", example: ["coding", "deep-learning"] }),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof problemSchema>;
export type InvalidParam = z.infer<typeof invalidParamSchema>;

export class ApiError extends Error {
  readonly code: ProblemCode;
  readonly status: ContentfulStatusCode;
  readonly extra: Partial<Pick<Problem, "invalidParams" | "allowed">>;
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, detail: string, options: { extra?: ApiError["extra"]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.code = code;
    this.status = problemCodes[code].status;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}

export function problemResponse(c: Context, error: ApiError): Response {
  const url = new URL(c.req.url);
  const body: Problem = {
    type: `/problems/${error.code}`,
    title: problemCodes[error.code].title,
    status: error.status,
    detail: error.message,
    instance: url.pathname + url.search,
    code: error.code,
    requestId: c.get("requestId") ?? "",
    ...error.extra,
  };
  // Through the context, so headers set before the failure (the rate-limit ones) are kept.
  const res = c.body(JSON.stringify(body), error.status, {
    ...error.headers,
    "Content-Type": PROBLEM_CONTENT_TYPE,
    "Cache-Control": "no-store",
    ...(body.requestId ? { "X-Request-Id": body.requestId } : {}),
  });
  // ...but nothing that described the representation the request did not get.
  for (const name of ["ETag", "Link", "Content-Disposition"]) res.headers.delete(name);
  return res;
}

// A failure of the database (unreachable server, locked file, I/O) is the service's fault and
// temporary: 503 with Retry-After, so clients back off instead of treating it as a bug.
export function isDatabaseFailure(err: unknown): boolean {
  return err instanceof DrizzleQueryError || err instanceof LibsqlError;
}

/**
 * An error as a log line may show it. A failed query keeps its statement but not its parameters
 * (they hold subscriber addresses, key and token hashes), and anything that looks like an e-mail
 * address is masked to its first character and domain.
 */
export function describeErrorForLog(err: unknown): { error: string; cause?: string } {
  const mask = (text: string) => text.replace(/[^\s<>"'(),;:@]+@(?=[^\s<>"'(),;:@]+)/g, (address) => `${address[0]}***@`);
  const describe = (e: unknown) =>
    e instanceof DrizzleQueryError
      ? `${e.name}: Failed query: ${e.query.replace(/\s+/g, " ").trim()} (${e.params.length} parameters, not logged)`
      : e instanceof Error
        ? `${e.name}: ${e.message}`
        : String(e);
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  return { error: mask(describe(err)), ...(cause ? { cause: mask(cause instanceof DrizzleQueryError ? describe(cause) : cause.message) } : {}) };
}

function isReadOnlyDatabase(err: unknown): boolean {
  const cause = err instanceof DrizzleQueryError ? err.cause : err;
  return cause instanceof LibsqlError && cause.code === "SQLITE_READONLY";
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isReadOnlyDatabase(err)) {
    // Retrying will not help until an operator acts: say so rather than "retry shortly".
    return new ApiError(
      "database-unavailable",
      "The database is read-only: nothing can be saved until the operator makes it writable again. Reads still work.",
      {
        headers: { "Retry-After": "60" },
      },
    );
  }
  if (isDatabaseFailure(err)) {
    return new ApiError("database-unavailable", "The database cannot be reached right now. Retry shortly.", {
      headers: { "Retry-After": "5" },
    });
  }
  if (err instanceof HTTPException) {
    const byStatus: Partial<Record<number, ProblemCode>> = {
      400: "bad-request",
      404: "not-found",
      413: "payload-too-large",
      415: "unsupported-media-type",
    };
    const code = byStatus[err.status];
    if (code) return new ApiError(code, err.message || problemCodes[code].title);
  }
  return new ApiError("internal-error", "An unexpected error occurred. It has been logged with this request id.");
}
